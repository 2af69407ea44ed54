import fs from "node:fs";
import postgres from "postgres";
import { afterAll, inject } from "vitest";
import { closeDb, configureDb } from "@/db/client";
import { newId } from "@/lib/ids";

/**
 * Each test file gets its own database: a copy of the run's migrated template on
 * PostgreSQL (tests/setup/global.ts), or PGlite in memory loaded from the run's snapshot.
 * Its address is in SWITCHYARD_TEST_PG_URL for tests that start other processes on it
 * (tests/helpers/test-db.ts). Tests make their own tenants with unique ids as well.
 */
if (process.env.SWITCHYARD_TEST_DB === "postgres") {
  const template = inject("pgTemplate");
  if (!template) throw new Error("no test database: tests/setup/global.ts did not run");
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `${template}_${newId(10).toLowerCase().replace(/[^a-z0-9]/g, "x")}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  // Two files copying the template at the same instant may be told it is in use: try again.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  base.pathname = `/${name}`;
  process.env.SWITCHYARD_TEST_PG_URL = base.toString();
  configureDb({ kind: "postgres", url: base.toString(), max: 4 });
  afterAll(async () => {
    await closeDb();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
} else {
  const snapshot = inject("pgliteSnapshot");
  configureDb({ kind: "pglite", dataDir: "memory://", snapshot: snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined });
  afterAll(async () => {
    await closeDb();
  });
}
