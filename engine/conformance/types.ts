import type { Execution, Label, LogEntry, MetricEntry, StateType } from "@/engine/executor/types";

/** One record of expected.json (see the corpus README). Values are matchers or plain JSON. */
export type ConformanceRecord = {
  file: string;
  namespace: string;
  id: string;
  scenario: string;
  test: string | null;
  types: string[];
  inputs?: Record<string, unknown>;
  inputsMode?: string;
  executionLabels?: Record<string, string>;
  setup?: {
    kv?: { namespace: string; key: string; value: unknown } | string;
    env?: Record<string, string>;
    globals?: Record<string, unknown>;
  };
  flowsLoaded?: string[];
  context?: string;
  trigger?: { type: string; sequence?: string[]; calls?: WebhookCallRecord[] };
  expectPaused?: Expectation;
  expect: Expectation;
  /**
   * Creates the execution with Kestra's `scheduleDate`: an ISO date-time, or an ISO-8601
   * duration from now (`PT2S`).
   */
  scheduleDate?: string;
  followUps?: FollowUp[];
  strength: "asserted" | "weak" | "parse-only";
  implementationSpecific?: boolean | string;
  /** Our own corpus: a behaviour known to differ from Kestra's, and why (reported, not failed). */
  knownDifference?: string;
  notes?: string;
};

export type Expectation = Record<string, unknown>;

export type FollowUp = {
  action: string;
  fromTaskRun?: TaskRunPicker | null;
  taskRun?: TaskRunPicker;
  toState?: StateType;
  resumeInputs?: Record<string, unknown>;
  appliedTo?: string;
  expectImmediate?: Expectation;
  expect?: Expectation;
  note?: string;
};

export type TaskRunPicker = { taskId?: string; index?: number; iteration?: string[] };

export type WebhookCallRecord = {
  method: string;
  path: string;
  jsonBody?: unknown;
  body?: string;
  expect: Expectation;
};

export type CreateRequest = {
  namespace: string;
  flowId: string;
  inputs?: Record<string, unknown>;
  /** typed: validated and converted; raw: as given, defaults filled in. */
  inputsMode: "typed" | "raw";
  labels?: Label[];
  /** Kestra's creation parameter: the execution starts at this date (ISO-8601). */
  scheduleDate?: string;
};

export type WebhookRequest = {
  namespace: string;
  flowId: string;
  key: string;
  method: string;
  query: Record<string, string[]>;
  body?: string;
  contentType?: string;
};

/**
 * What the scenario runner needs from an engine. The in-memory driver implements it over
 * MemoryEngine; an HTTP/DB driver implements it over the API and the worker.
 */
export type ConformanceDriver = {
  readonly name: string;
  /** A clean slate for one scenario (its own tenant, empty KV store...). */
  reset(): Promise<void>;
  /** Adds or updates a flow from its YAML source. */
  loadFlow(source: string): Promise<void>;
  setKV(namespace: string, key: string, value: unknown): Promise<void>;
  /** `envs` (KESTRA_ prefix stripped, lower-cased) and `globals` template variables. */
  configure(settings: { envs?: Record<string, string>; globals?: Record<string, unknown> }): Promise<void>;
  /** Throws SubmissionError when the engine refuses the execution (4xx). */
  createExecution(request: CreateRequest): Promise<Execution>;
  /** The execution once `until` holds; rejects when it cannot happen anymore or on timeout. */
  waitFor(executionId: string, until: (execution: Execution) => boolean, timeoutMs?: number): Promise<Execution>;
  getExecution(executionId: string): Promise<Execution>;
  /** Every execution of the scenario's tenant (subflows, triggered, retried ones). */
  listExecutions(): Promise<Execution[]>;
  logs(executionId: string): Promise<LogEntry[]>;
  /** The metrics the execution's task runs emitted, as the metrics API lists them. */
  metrics(executionId: string): Promise<MetricEntry[]>;
  /** Whether createExecution honours `scheduleDate` (the execution waits, CREATED, until then). */
  readonly schedulesExecutions: boolean;
  /** Content of an internal-storage file of an execution. */
  readFile(executionId: string, uri: string): Promise<string | null>;
  restart(executionId: string): Promise<Execution>;
  replay(executionId: string, taskRunId: string | null): Promise<Execution>;
  markAs(executionId: string, taskRunId: string, state: StateType): Promise<Execution>;
  resume(executionId: string, inputs: Record<string, unknown>): Promise<Execution>;
  kill(executionId: string): Promise<Execution>;
  /** undefined when no webhook of the flow has that key. */
  webhook(request: WebhookRequest): Promise<Execution | undefined>;
  /**
   * Every execution of the tenant once `until` holds for them (triggered executions, retries
   * as new executions), or as they are when it cannot hold anymore or on timeout.
   */
  waitForExecutions(until: (all: Execution[]) => boolean, timeoutMs?: number): Promise<Execution[]>;
};

export class SubmissionError extends Error {}

export type ScenarioResult = {
  record: ConformanceRecord;
  /** `known`: failed as a listed known difference (its reason in `reasons`). */
  status: "passed" | "failed" | "skipped" | "known";
  /** Why it failed (each mismatch) or was skipped. */
  reasons: string[];
};
