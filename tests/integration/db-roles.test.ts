import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { withInstance, withTenant } from "@/db/tenant";
import { verifyCredentials } from "@/lib/auth/credentials";
import { seedTenant, seedUser, TEST_PASSWORD } from "../helpers/seed";
import { rows } from "../helpers/sql";

/**
 * Issue 10, finding 7: switchyard_app, the role of all tenant work, could read
 * users.password_hash, api_tokens and login_failures. Now only the auth path's role
 * (switchyard_auth: withInstance, withUser, asSuperadmin, caller resolution) reads them.
 * Runs on PGlite and, with TEST_DATABASE_URL, on PostgreSQL.
 */

let tenantId: string;
let email: string;

beforeAll(async () => {
  tenantId = (await seedTenant()).id;
  email = (await seedUser({ access: [tenantId] })).email;
});

async function denied(statement: ReturnType<typeof sql>) {
  const error = await withTenant({ tenantId }, (tx) => rows(tx, statement)).then(
    () => null,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(error, "tenant work read a credential table").not.toBeNull();
  expect(String(error?.cause?.message ?? error?.message)).toMatch(/permission denied/);
}

describe("credential tables and tenant work", () => {
  test("tenant work cannot read password hashes, API tokens or failed sign-ins", async () => {
    await denied(sql`select password_hash from users`);
    await denied(sql`select * from users`);
    await denied(sql`select token_hash from api_tokens`);
    await denied(sql`select count(*) from login_failures`);
    await denied(sql`update users set password_hash = 'x'`);
  });

  test("tenant work still reads who users are (names, e-mails)", async () => {
    const found = await withTenant({ tenantId }, (tx) => rows(tx, sql`select id, email from users where lower(email) = lower(${email})`));
    expect(found).toHaveLength(1);
  });

  test("the auth path reads them, and sign-in works", async () => {
    const found = await withInstance((tx) => rows(tx, sql`select password_hash from users where lower(email) = lower(${email})`));
    expect(String(found[0].password_hash)).not.toBe("");
    expect((await verifyCredentials({ email, password: TEST_PASSWORD, address: "db-roles" })).ok).toBe(true);
  });
});
