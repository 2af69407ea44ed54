import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));
const alias = { "@": root };

/**
 * Unit tests (pure modules) run once. Integration tests (tests/integration) run once on
 * PGlite and, when TEST_DATABASE_URL is set, once more on real PostgreSQL.
 */
const integration = (name: string, env: Record<string, string>, globalSetup: string[] = []) => ({
  resolve: { alias },
  test: {
    name,
    globalSetup,
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
        ? [integration("postgres", { SWITCHYARD_TEST_DB: "postgres" }, ["tests/setup/global.ts"])]
        : []),
    ],
  },
});
