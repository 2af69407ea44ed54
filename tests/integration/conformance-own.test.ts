import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DatabaseDriver } from "@/engine/conformance/db-driver";
import { runConformance } from "@/engine/conformance/run";
import { startEngine, stopEngine } from "@/engine/worker";

/**
 * The project's own conformance corpus (tests/conformance: scenarios written from Kestra's
 * tests) on the real engine: this file's database (PGlite, and PostgreSQL with
 * TEST_DATABASE_URL), a worker leasing from it, each scenario in its own tenant. A scenario
 * listed as a known difference must still fail for its stated reason, never silently.
 * Kestra's shared corpus runs here too when it is beside the repository, so both corpora
 * pass on PGlite and on PostgreSQL (the conformance stage of `npm test` runs on PGlite only).
 */
const dir = path.resolve(__dirname, "../conformance");
/** Kestra's shared corpus, beside the repository when it is there (as `npm run conformance` finds it). */
const shared = path.resolve(__dirname, "../../../shared/conformance");

beforeAll(async () => {
  await startEngine({ leaseMs: 10_000, concurrency: 8 });
});
afterAll(async () => {
  await stopEngine();
});

test("every scenario of our own corpus passes (known differences reported with their reasons)", { timeout: 600_000 }, async () => {
  const lines: string[] = [];
  const summary = await runConformance({ dir, driver: new DatabaseDriver(), log: (line) => lines.push(line) });
  console.log(lines.filter((l) => !l.startsWith("PASS")).join("\n"));
  const failures = summary.results.filter((r) => r.status === "failed").map((r) => `${r.record.file} — ${r.record.scenario}: ${r.reasons.join("; ")}`);
  expect(failures).toEqual([]);
  expect(summary.passed).toBeGreaterThanOrEqual(100);
});

test.skipIf(!existsSync(path.join(shared, "expected.json")))("every scenario of Kestra's shared corpus passes on this database too", { timeout: 600_000 }, async () => {
  const lines: string[] = [];
  const summary = await runConformance({ dir: shared, driver: new DatabaseDriver(), log: (line) => lines.push(line) });
  console.log(lines.filter((l) => !l.startsWith("PASS")).join("\n"));
  const failures = summary.results.filter((r) => r.status === "failed").map((r) => `${r.record.file} — ${r.record.scenario}: ${r.reasons.join("; ")}`);
  expect(failures).toEqual([]);
  expect(summary.passed).toBeGreaterThanOrEqual(100);
});
