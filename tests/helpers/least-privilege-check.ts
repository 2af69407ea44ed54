/**
 * Run by tests/integration/least-privilege.test.ts in a child process, connected as a
 * non-superuser login (DATABASE_URL): migrates, then prints which role each door runs as
 * and whether tenant work can read a password hash, as one JSON line.
 */
import { sql } from "drizzle-orm";
import { closeDb, getDb } from "@/db/client";
import { withInstance, withTenant } from "@/db/tenant";
import { rowsOf } from "@/db/queries/raw";

async function main() {
  await getDb();
  const [instance] = await withInstance((tx) => rowsOf(tx, sql`select current_user as role, (select rolsuper from pg_roles where rolname = session_user) as superuser`));
  const [tenant] = await withTenant({ tenantId: "main" }, (tx) => rowsOf(tx, sql`select current_user as role`));
  const hash = await withTenant({ tenantId: "main" }, (tx) => rowsOf(tx, sql`select password_hash from users`)).then(
    () => "read",
    (e: Error & { cause?: Error }) => String(e.cause?.message ?? e.message),
  );
  console.log(JSON.stringify({ instanceRole: instance.role, superuser: instance.superuser, tenantRole: tenant.role, passwordHash: hash }));
  await closeDb();
}

main().catch((e: Error & { cause?: Error }) => {
  console.log(JSON.stringify({ error: String(e.cause?.message ?? e.message) }));
  process.exit(1);
});
