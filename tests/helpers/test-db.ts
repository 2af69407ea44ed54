/** The PostgreSQL database of the running test file (tests/setup/db.ts), for processes a test starts on it. */
export function testDatabaseUrl(): string {
  const url = process.env.SWITCHYARD_TEST_PG_URL;
  if (!url) throw new Error("no PostgreSQL test database: this test runs in the postgres project only");
  return url;
}
