import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const alias = { "@": root };

/**
 * Unit tests (pure modules) run once. Integration tests (tests/integration) run once on
 * PGlite and, when TEST_DATABASE_URL is set, once more on real PostgreSQL.
 *
 * Vitest's default is one file at a time on a 2-core machine (CPUs - 1), but integration
 * files mostly wait on the database, timers and child processes; each file has its own
 * database (tests/setup), so two run at once (VITEST_MAX_WORKERS overrides). Each PGlite file loads a migrated snapshot instead of running initdb.
 */
const integration = (name: string, env: Record<string, string>) => ({
  resolve: { alias },
  test: {
    name,
    globalSetup: ["tests/setup/global.ts"],
    include: ["tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup/db.ts"],
    env,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks" as const,
  },
});

export default defineConfig({
  resolve: { alias },
  test: {
    // At most 4: each file holds a PostgreSQL database copy with a pool of 4 connections (and an
    // in-memory PGlite), and the server's max_connections is often 100.
    maxWorkers: Number(process.env.VITEST_MAX_WORKERS ?? Math.min(4, Math.max(2, os.availableParallelism() - 1))),
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts", "engine/**/*.test.ts", "lib/**/*.test.ts"],
          testTimeout: 20_000,
        },
      },
      integration("pglite", { SWITCHYARD_TEST_DB: "pglite" }),
      ...(process.env.TEST_DATABASE_URL
        ? [integration("postgres", { SWITCHYARD_TEST_DB: "postgres" })]
        : []),
    ],
  },
});
