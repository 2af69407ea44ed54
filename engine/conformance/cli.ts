/**
 * `npm run conformance -- <corpus dir> [record filter regex] [--memory]`: runs Kestra's
 * conformance corpus against the real engine (a worker in this process, leasing from the
 * database: PGlite in memory, or DATABASE_URL), each scenario in a fresh tenant. With
 * `--memory`, against the in-memory engine (virtual clock). Exits 1 when a scenario fails.
 */
import path from "node:path";
import { MemoryDriver } from "./memory-driver";
import { DatabaseDriver } from "./db-driver";
import { runConformance } from "./run";
import type { ConformanceDriver } from "./types";

const args = process.argv.slice(2);
const memory = args.includes("--memory");
const [dirArg, patternArg] = args.filter((a) => !a.startsWith("--"));
const dir = path.resolve(dirArg ?? "../shared/conformance");
const pattern = patternArg ? new RegExp(patternArg) : undefined;

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
const summary = await runConformance({
  dir,
  driver,
  filter: pattern ? (record, index) => pattern.test(`#${index} ${record.file} ${record.scenario}`) : undefined,
});
console.log(`conformance (${driver.name}) took ${((Date.now() - started) / 1000).toFixed(1)} s`);
await stop();
process.exit(summary.failed > 0 ? 1 : 0);
