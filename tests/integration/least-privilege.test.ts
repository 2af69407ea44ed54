import { execFileSync } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { expect, test } from "vitest";
import { newId } from "@/lib/ids";

/**
 * Issue 10, finding 7: the README's least-privilege set-up, run for real on PostgreSQL.
 * A login that is no superuser, owns its database and was given the three roles applies
 * the migrations and serves: instance doors as switchyard_auth, tenant work as
 * switchyard_app, which cannot read password hashes.
 */
const admin = process.env.TEST_DATABASE_URL;

test.skipIf(process.env.SWITCHYARD_TEST_DB !== "postgres" || !admin)("the app runs as a non-superuser login with the README's grants", async () => {
  const suffix = newId(8).toLowerCase();
  const login = `sy_lp_${suffix}`;
  const database = `sy_lp_${suffix}`;
  const sqlAdmin = postgres(admin!, { max: 1, onnotice: () => {} });
  try {
    await sqlAdmin.unsafe(`CREATE ROLE ${login} LOGIN PASSWORD 'pw' NOSUPERUSER NOCREATEDB NOBYPASSRLS`);
    await sqlAdmin.unsafe(`CREATE DATABASE ${database} OWNER ${login}`);
    for (const role of ["switchyard_app", "switchyard_auth", "switchyard_worker"]) {
      await sqlAdmin.unsafe(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN NOBYPASSRLS; END IF; END $$`);
    }
    await sqlAdmin.unsafe(`GRANT switchyard_app, switchyard_auth, switchyard_worker TO ${login} WITH ADMIN OPTION`);
    const url = new URL(admin!);
    url.username = login;
    url.password = "pw";
    url.pathname = `/${database}`;
    const root = path.resolve(__dirname, "../..");
    const out = execFileSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "tests/helpers/least-privilege-check.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url.toString() },
      encoding: "utf8",
      timeout: 90_000,
    });
    const result = JSON.parse(out.trim().split("\n").at(-1)!);
    expect(result).toMatchObject({ instanceRole: "switchyard_auth", superuser: false, tenantRole: "switchyard_app" });
    expect(result.passwordHash).toMatch(/permission denied/);
  } finally {
    await sqlAdmin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => {});
    await sqlAdmin.unsafe(`REVOKE switchyard_app, switchyard_auth, switchyard_worker FROM ${login}`).catch(() => {});
    await sqlAdmin.unsafe(`DROP ROLE IF EXISTS ${login}`).catch(() => {});
    await sqlAdmin.end();
  }
}, 120_000);
