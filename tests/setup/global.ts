import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { closeDb, configureDb, getDb } from "@/db/client";

/**
 * With TEST_DATABASE_URL, the run gets a fresh database on that server (migrated once
 * here, so parallel files do not race on migrations) and drops it at the end.
 */
export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const name = `switchyard_test_${process.pid}_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  project.provide("pgUrl", url.toString());
  configureDb({ kind: "postgres", url: url.toString(), max: 1 });
  await getDb();
  await closeDb();
  return async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
