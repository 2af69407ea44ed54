import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { getDb } from "@/db/client";
import { dbError, rows } from "../helpers/sql";
import { withWorkQueue } from "@/db/tenant";
import { executions } from "@/db/schema";

/**
 * Fails when a table breaks invariant 1 or 2: every table with a tenant_id column must
 * force RLS, have a policy with WITH CHECK, lead its primary key and foreign keys with
 * tenant_id; the application role must own nothing and must not bypass RLS.
 */
test("every tenant table forces RLS with a WITH CHECK policy and tenant-led keys", async () => {
  const { db } = await getDb();
  const tables = await rows<{ table_name: string }>(
    db,
    sql`select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'`,
  );
  expect(tables.length).toBeGreaterThanOrEqual(4);
  // Tables whose audit matters most here are listed, so a rename cannot drop them silently.
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["executions", "logs", "metrics", "secrets", "secret_keys", "namespace_files", "storage_objects"]));
  const problems: string[] = [];
  for (const { table_name: table } of tables) {
    const [rls] = await rows<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      db,
      sql`select relrowsecurity, relforcerowsecurity from pg_class where oid = ${`public.${table}`}::regclass`,
    );
    if (!rls.relrowsecurity) problems.push(`${table}: RLS not enabled`);
    if (!rls.relforcerowsecurity) problems.push(`${table}: RLS not forced`);
    const policies = await rows<{ with_check: string | null; qual: string | null; cmd: string }>(
      db,
      sql`select with_check, qual, cmd from pg_policies where schemaname = 'public' and tablename = ${table}`,
    );
    const guarding = policies.filter(
      (p) => p.cmd === "ALL" && p.with_check?.includes("app.tenant_id") && p.qual?.includes("app.tenant_id"),
    );
    if (guarding.length === 0) problems.push(`${table}: no ALL policy with USING and WITH CHECK on app.tenant_id`);
    const keys = await rows<{ conname: string; contype: string; first_col: string }>(
      db,
      sql`select con.conname, con.contype, a.attname as first_col
          from pg_constraint con
          join pg_attribute a on a.attrelid = con.conrelid and a.attnum = con.conkey[1]
          where con.conrelid = ${`public.${table}`}::regclass and con.contype in ('p', 'f')`,
    );
    const pk = keys.find((k) => k.contype === "p");
    if (!pk) problems.push(`${table}: no primary key`);
    else if (pk.first_col !== "tenant_id") problems.push(`${table}: primary key does not start with tenant_id`);
    for (const fk of keys.filter((k) => k.contype === "f" && k.first_col !== "tenant_id")) {
      // A foreign key to users is instance-level (users belong to no tenant).
      const [target] = await rows<{ target: string }>(
        db,
        sql`select confrelid::regclass::text as target from pg_constraint where conname = ${fk.conname} and conrelid = ${`public.${table}`}::regclass`,
      );
      if (target.target !== "users") problems.push(`${table}: foreign key ${fk.conname} does not lead with tenant_id`);
    }
  }
  expect(problems).toEqual([]);
});

test.each(["switchyard_app", "switchyard_auth", "switchyard_worker"])("%s owns nothing, is no superuser and cannot bypass RLS", async (name) => {
  const { db } = await getDb();
  const [role] = await rows<{ rolsuper: boolean; rolbypassrls: boolean }>(
    db,
    sql`select rolsuper, rolbypassrls from pg_roles where rolname = ${name}`,
  );
  expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
  const owned = await rows<{ relname: string }>(
    db,
    sql`select c.relname from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname = ${name}`,
  );
  expect(owned).toEqual([]);
});

test("the work-queue role can touch work_items and the shared rate counts, nothing else", async () => {
  const { db } = await getDb();
  const grants = await rows<{ table_name: string; privilege_type: string }>(
    db,
    sql`select table_name, privilege_type from information_schema.role_table_grants where grantee = 'switchyard_worker' order by 1, 2`,
  );
  // rate_processes and rate_usage hold process heartbeats and per-tenant request counts,
  // published by every web process in one statement (lib/api/rate-limit.ts): no tenant data.
  const rate = (table: string) => ["DELETE", "INSERT", "SELECT", "UPDATE"].map((privilege_type) => ({ table_name: table, privilege_type }));
  expect(grants).toEqual([
    ...rate("rate_processes"),
    ...rate("rate_usage"),
    { table_name: "work_items", privilege_type: "SELECT" },
    { table_name: "work_items", privilege_type: "UPDATE" },
  ]);
  await expect(withWorkQueue((tx) => tx.select().from(executions))).rejects.toSatisfy(dbError(/permission denied/i));
});
