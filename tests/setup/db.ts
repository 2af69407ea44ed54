import { afterAll, inject } from "vitest";
import { closeDb, configureDb } from "@/db/client";

/**
 * Each test file gets its own database handle: PGlite in memory, or the per-run
 * PostgreSQL database made by tests/setup/global.ts. Tests make their own tenants with
 * unique ids, so files never share mutable rows.
 */
if (process.env.SWITCHYARD_TEST_DB === "postgres") {
  const url = inject("pgUrl");
  if (!url) throw new Error("no test database: tests/setup/global.ts did not run");
  configureDb({ kind: "postgres", url, max: 4 });
} else {
  configureDb({ kind: "pglite", dataDir: "memory://" });
}

afterAll(async () => {
  await closeDb();
});
