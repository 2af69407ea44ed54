import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MemoryDriver } from "./memory-driver";
import { runConformance } from "./run";

/**
 * Kestra's conformance corpus (../shared/conformance, outside the repository) against the
 * in-memory engine: one line per scenario and the totals. Skipped, loudly, without the corpus.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = process.env.CONFORMANCE_DIR ?? path.resolve(repoRoot, "../shared/conformance");
const present = existsSync(path.join(dir, "expected.json"));

const own = path.resolve(repoRoot, "tests/conformance");

describe("the project's own corpus in memory (tests/conformance)", () => {
  it("passes every scenario, known differences apart", { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const summary = await runConformance({ dir: own, driver: new MemoryDriver(), log: (line) => lines.push(line) });
    const failures = summary.results.filter((r) => r.status === "failed").map((r) => `${r.record.file} — ${r.record.scenario}: ${r.reasons.join("; ")}`);
    expect(failures).toEqual([]);
    expect(summary.passed).toBeGreaterThanOrEqual(100);
  });
});

describe.skipIf(!present)(`conformance corpus in memory (${present ? dir : `SKIPPED: ${dir} not found`})`, () => {
  it("passes every scenario", { timeout: 300_000 }, async () => {
    const lines: string[] = [];
    const summary = await runConformance({ dir, driver: new MemoryDriver(), log: (line) => lines.push(line) });
    console.log(lines.join("\n"));
    const failures = summary.results.filter((r) => r.status === "failed").map((r) => `${r.record.file} — ${r.record.scenario}: ${r.reasons.join("; ")}`);
    expect(failures).toEqual([]);
  });
});
