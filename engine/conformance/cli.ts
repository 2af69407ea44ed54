/**
 * `tsx engine/conformance/cli.ts <corpus dir> [record filter regex]`: runs the corpus against
 * the in-memory engine (a DB/HTTP driver can be passed to runConformance the same way).
 * Exits with 1 when a scenario fails.
 */
import path from "node:path";
import { MemoryDriver } from "./memory-driver";
import { runConformance } from "./run";

const dir = path.resolve(process.argv[2] ?? "../shared/conformance");
const pattern = process.argv[3] ? new RegExp(process.argv[3]) : undefined;
const summary = await runConformance({
  dir,
  driver: new MemoryDriver(),
  filter: pattern ? (record, index) => pattern.test(`#${index} ${record.file} ${record.scenario}`) : undefined,
});
process.exitCode = summary.failed > 0 ? 1 : 0;
