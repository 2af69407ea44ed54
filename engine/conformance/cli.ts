/**
 * `npm run conformance -- [corpus dir] [record filter regex] [--memory]`: runs conformance
 * corpora against the real engine (a worker in this process, leasing from the database:
 * PGlite in memory, or DATABASE_URL), each scenario in a fresh tenant. With `--memory`,
 * against the in-memory engine (virtual clock).
 *
 * Without a folder, both corpora: Kestra's shared one (`../shared/conformance`, when it is
 * there; it says so when not) and the project's own (`tests/conformance`). Prints each
 * corpus's pass rate and every known difference with its reason; exits 1 when a scenario fails.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { MemoryDriver } from "./memory-driver";
import { DatabaseDriver } from "./db-driver";
import { runConformance, type ConformanceSummary } from "./run";
import type { ConformanceDriver } from "./types";

const args = process.argv.slice(2);
const memory = args.includes("--memory");
const [dirArg, patternArg] = args.filter((a) => !a.startsWith("--"));
const pattern = patternArg ? new RegExp(patternArg) : undefined;

const SHARED = path.resolve("../shared/conformance");
const OWN = path.resolve("tests/conformance");
const corpora: { label: string; dir: string }[] = [];
if (dirArg) corpora.push({ label: path.relative(process.cwd(), path.resolve(dirArg)) || dirArg, dir: path.resolve(dirArg) });
else {
  if (existsSync(path.join(SHARED, "expected.json"))) corpora.push({ label: "Kestra's shared corpus (../shared/conformance)", dir: SHARED });
  else console.log(`conformance: ${SHARED} not found: running the project's own corpus only (tests/conformance)`);
  corpora.push({ label: "the project's own corpus (tests/conformance)", dir: OWN });
}

let driver: ConformanceDriver;
let stop = async () => {};
if (memory) driver = new MemoryDriver();
else {
  const { configureDb, closeDb } = await import("@/db/client");
  const { startEngine, stopEngine } = await import("@/engine/worker");
  const { env } = await import("@/lib/env");
  if (!env().DATABASE_URL) configureDb({ kind: "pglite", dataDir: "memory://" });
  await startEngine({ leaseMs: 10_000, concurrency: 8 });
  driver = new DatabaseDriver();
  stop = async () => {
    await stopEngine();
    await closeDb();
  };
}

const started = Date.now();
const summaries: { label: string; summary: ConformanceSummary }[] = [];
for (const { label, dir } of corpora) {
  console.log(`\n▶ ${label}`);
  const summary = await runConformance({
    dir,
    driver,
    filter: pattern ? (record, index) => pattern.test(`#${index} ${record.file} ${record.scenario}`) : undefined,
  });
  summaries.push({ label, summary });
}

console.log(`\nconformance (${driver.name}) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const { label, summary } of summaries) {
  const run = summary.passed + summary.failed + summary.known;
  const rate = run === 0 ? "no scenario run" : `${((100 * summary.passed) / run).toFixed(1)}% pass`;
  console.log(`  ${label}: ${summary.passed} of ${run} scenarios pass (${rate}); ${summary.failed} failed, ${summary.skipped} skipped, ${summary.known} known differences`);
  for (const r of summary.results.filter((x) => x.status === "known" || x.status === "skipped")) {
    console.log(`    ${r.status === "known" ? "known difference" : "skipped"}: ${r.record.file} — ${r.record.scenario}: ${r.reasons[0]}`);
  }
}
await stop();
process.exit(summaries.some((s) => s.summary.failed > 0) ? 1 : 0);
