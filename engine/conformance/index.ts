/** The conformance corpus runner: matchers, scenarios, and the drivers it runs them with. */
export { Corpus } from "./corpus";
export { checkExecution, pick, type Roles } from "./expect";
export { match, type RefResolver } from "./matchers";
export { MemoryDriver } from "./memory-driver";
export { runConformance, type ConformanceSummary, type RunConformanceOptions } from "./run";
export { runScenario } from "./scenario";
export {
  SubmissionError,
  type ConformanceDriver,
  type ConformanceRecord,
  type CreateRequest,
  type ScenarioResult,
  type WebhookRequest,
} from "./types";
