import { Corpus } from "./corpus";
import { runScenario } from "./scenario";
import type { ConformanceDriver, ConformanceRecord, ScenarioResult } from "./types";

export type ConformanceSummary = {
  passed: number;
  failed: number;
  skipped: number;
  /** Failed, but listed as known differences (with their reasons). */
  known: number;
  results: ScenarioResult[];
};

export type RunConformanceOptions = {
  /** The corpus folder (expected.json, flows/). */
  dir: string;
  driver: ConformanceDriver;
  /** One line per scenario, then the totals; console.log when omitted. */
  log?: (line: string) => void;
  /** Only the records this keeps (by default every record). */
  filter?: (record: ConformanceRecord, index: number) => boolean;
};

/**
 * Why a scenario is expected to differ from Kestra here, if it is: the record's own
 * `knownDifference` (our corpus), or a capability the driver lacks.
 */
export function knownDifference(record: ConformanceRecord, driver: ConformanceDriver): string | undefined {
  if (record.knownDifference) return record.knownDifference;
  if (record.scheduleDate !== undefined && !driver.schedulesExecutions) {
    return `the ${driver.name} driver has no clock to hold an execution until its scheduleDate: it creates it at once`;
  }
  return undefined;
}

function skipReason(record: ConformanceRecord): string | undefined {
  if (!record.implementationSpecific) return undefined;
  return typeof record.implementationSpecific === "string" ? record.implementationSpecific : (record.notes ?? "implementation-specific");
}

/**
 * Runs every record of the corpus against a driver and reports `N passed, M failed, K
 * skipped`. Only records marked implementation-specific are skipped; a scenario that throws
 * fails with the error as its reason.
 */
export async function runConformance(options: RunConformanceOptions): Promise<ConformanceSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const corpus = new Corpus(options.dir);
  const results: ScenarioResult[] = [];
  for (const [index, record] of corpus.records.entries()) {
    if (options.filter && !options.filter(record, index)) continue;
    const name = `#${index} ${record.file} — ${record.scenario}`;
    const skip = skipReason(record);
    if (skip) {
      results.push({ record, status: "skipped", reasons: [skip] });
      log(`SKIP ${name}: ${skip}`);
      continue;
    }
    let reasons: string[];
    try {
      reasons = await runScenario(record, corpus, options.driver);
    } catch (error) {
      reasons = [`error: ${error instanceof Error ? error.message : String(error)}`];
    }
    const known = knownDifference(record, options.driver);
    if (reasons.length > 0 && known) {
      results.push({ record, status: "known", reasons: [known, ...reasons] });
      log(`KNOWN ${name}: ${known}\n      ${reasons.join("\n      ")}`);
      continue;
    }
    const status = reasons.length === 0 ? "passed" : "failed";
    results.push({ record, status, reasons });
    const note = status === "passed" && known ? ` (listed as a known difference, but passes now: ${known})` : "";
    log(`${status === "passed" ? "PASS" : "FAIL"} ${name}${note}${reasons.length ? `\n      ${reasons.join("\n      ")}` : ""}`);
  }
  const count = (status: ScenarioResult["status"]) => results.filter((r) => r.status === status).length;
  const summary = { passed: count("passed"), failed: count("failed"), skipped: count("skipped"), known: count("known"), results };
  log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped, ${summary.known} known differences`);
  return summary;
}
