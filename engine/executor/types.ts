/**
 * The execution document, exactly as the API serves it (API.md "Execution"), plus the
 * actions the pure executor asks its shell to perform. Dates are ISO-8601 strings,
 * durations ISO-8601 (`PT1.2S`), so a document survives a JSON round trip unchanged.
 */

export const STATE_TYPES = [
  "CREATED",
  "QUEUED",
  "RUNNING",
  "PAUSED",
  "RESTARTED",
  "KILLING",
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "RETRYING",
  "RETRIED",
  "SKIPPED",
] as const;

export type StateType = (typeof STATE_TYPES)[number];

export type StateHistory = { state: StateType; date: string };

export type State = {
  current: StateType;
  histories: StateHistory[];
  startDate: string;
  /** Set once the state is terminal. */
  endDate: string | null;
  /** From startDate to endDate, or to the last change while not terminated. */
  duration: string;
};

export type TaskRunAttempt = {
  state: State;
  /** `kestra:///...` file holding the attempt's logs when the task has `logToFile`. */
  logFile?: string;
};

export type TaskRun = {
  id: string;
  executionId: string;
  namespace: string;
  flowId: string;
  taskId: string;
  parentTaskRunId: string | null;
  /** The loop value of the iteration this run belongs to (ForEach children). */
  value: string | null;
  /** Index of that value in the loop's values. */
  iteration: number | null;
  state: State;
  attempts: TaskRunAttempt[] | null;
  outputs: Record<string, unknown> | null;
  items?: unknown;
};

export type Label = { key: string; value: string };

export type ExecutionTrigger = {
  id: string;
  type: string;
  variables?: Record<string, unknown>;
};

/** Kestra's execution metadata: which attempt of a flow-level retry or restart this is. */
export type ExecutionMetadata = {
  attemptNumber: number;
  originalCreatedDate: string;
};

export type Execution = {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: State;
  taskRunList: TaskRun[];
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  labels: Label[];
  trigger: ExecutionTrigger | null;
  parentId: string | null;
  originalId: string;
  variables?: Record<string, unknown>;
  metadata?: ExecutionMetadata;
  /** Kestra's scheduleDate: created now, run when this date comes (ISO-8601). */
  scheduleDate?: string;
};

export const LOG_LEVELS = ["ERROR", "WARN", "INFO", "DEBUG", "TRACE"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogEntry = {
  namespace: string;
  flowId: string;
  taskId: string | null;
  executionId: string;
  taskRunId: string | null;
  attemptNumber: number | null;
  triggerId: string | null;
  timestamp: string;
  level: LogLevel;
  message: string;
};

/** A metric a task run emitted (Kestra's MetricEntry): timers are in milliseconds. */
export type MetricEntry = {
  namespace: string;
  flowId: string;
  taskId: string | null;
  executionId: string;
  taskRunId: string | null;
  type: "counter" | "timer";
  name: string;
  value: number;
  tags: Record<string, string>;
  timestamp: string;
};

/** What the shell reports after running a runnable task run. */
export type TaskResult = {
  state: "SUCCESS" | "WARNING" | "FAILED" | "KILLED";
  outputs?: Record<string, unknown>;
  /** Already persisted by the shell; carried for callers that want them in one place. */
  logs?: LogEntry[];
  /** Metrics the run emitted (Return's length and duration, a script's `::{"metrics":...}::`). */
  metrics?: MetricEntry[];
  error?: string;
  logFile?: string;
  /** Outputs for the run's WorkingDirectory (its `outputFiles`), captured by its last task. */
  holderOutputs?: { taskRunId: string; outputs: Record<string, unknown> };
};

/** The child execution a Subflow task asks for, created by the shell in the same tenant. */
export type SubflowAction = {
  kind: "subflow";
  taskRunId: string;
  /** Id the child execution must get (already recorded in the parent's task run outputs). */
  executionId: string;
  namespace: string;
  flowId: string;
  revision?: number;
  inputs: Record<string, unknown>;
  labels: Label[];
  wait: boolean;
  transmitFailed: boolean;
  trigger: ExecutionTrigger;
  scheduleDate?: string;
  /**
   * The parent was restarted and the task's restartBehavior is RETRY_FAILED: `executionId` is
   * the child it started before; the shell restarts that one (when it failed) instead of creating one.
   */
  restart?: boolean;
};

export type Action =
  /** Run this runnable task run (it is RUNNING, with a RUNNING attempt) and report with completeTaskRun. */
  | { kind: "run"; taskRunId: string }
  /** Stop this in-flight runnable task run; the executor already marked it KILLED. */
  | { kind: "kill"; taskRunId: string }
  | SubflowAction
  /** Kill a child execution started by a Subflow task of this execution. */
  | { kind: "killExecution"; executionId: string }
  /** Persist this new execution (CREATE_NEW_EXECUTION retry) and start advancing it at `at`. */
  | { kind: "retryExecution"; execution: Execution; at: string }
  /** A log line of the executor itself (template errors of flowable tasks, SLA, ...). */
  | { kind: "log"; entry: LogEntry };

export type AdvanceResult = {
  execution: Execution;
  actions: Action[];
  /** Earliest timer (Sleep, Pause, retry, SLA) after which advance must be called again. */
  wakeAt?: string;
};
