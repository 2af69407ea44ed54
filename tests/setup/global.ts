import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { closeDb, configureDb, getDb, pgliteSnapshot } from "@/db/client";

/**
 * Run once per project before any file. On PostgreSQL (TEST_DATABASE_URL), a template
 * database is migrated here; each file then gets its own copy (tests/setup/db.ts), so
 * files can run side by side without seeing each other's queue, triggers or locks, and
 * everything is dropped at the end. On PGlite, a migrated empty data directory is dumped
 * once; each file loads it instead of paying initdb.
 */
export default async function setup(project: TestProject) {
  if (project.config.env?.SWITCHYARD_TEST_DB === "postgres") return setupPostgres(project);
  return setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-pglite-")), "snapshot.tar");
  fs.writeFileSync(file, Buffer.from(await (await pgliteSnapshot()).arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error("the postgres project needs TEST_DATABASE_URL");
  const template = `switchyard_test_${process.pid}_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${template}`);
  const url = new URL(base);
  url.pathname = `/${template}`;
  configureDb({ kind: "postgres", url: url.toString(), max: 1 });
  await getDb();
  await closeDb();
  project.provide("pgTemplate", template);
  return async () => {
    // Files drop their copies; any a crashed worker left behind go with the template.
    const left = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${`${template}%`}`;
    for (const { datname } of left) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
    pgliteSnapshot: string;
  }
}
