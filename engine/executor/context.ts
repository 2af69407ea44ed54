import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import type { TemplateFunctions, TemplateValue } from "@/engine/template";
import { createRenderer } from "./render";
import type { HttpClient, KvService, ScriptHost, StorageService, TaskServices } from "./services";
import { LOG_LEVELS, type Execution, type Label, type LogEntry, type LogLevel, type TaskRun } from "./types";
import { buildVariables } from "./variables";

/** Collects the log lines of one attempt; the shell persists them. */
export type TaskLogger = {
  log(level: LogLevel, message: string): void;
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  readonly lines: LogEntry[];
};

/**
 * What a runnable task's `run(ctx)` receives: its properties as validated (not rendered:
 * a task renders the dynamic ones itself, as Kestra's tasks do), templates bound to the
 * run's variables, a logger, and the injected services.
 */
export type TaskContext<P = Record<string, unknown>> = {
  props: P;
  task: Task;
  taskRun: TaskRun;
  execution: Execution;
  flow: Flow;
  render(template: string): Promise<string>;
  renderTyped(template: string): Promise<TemplateValue>;
  renderRecursive(value: unknown, options?: { typed?: boolean }): Promise<unknown>;
  condition(template: string): Promise<boolean>;
  /** Renders with extra variables over the run's. */
  renderWith(template: string, extra: Record<string, unknown>): Promise<string>;
  /** Templates that also see `extra` (script tasks add `workingDir` and `outputDir`). */
  withVariables(extra: Record<string, unknown>): Pick<TaskContext, "render" | "renderTyped" | "renderRecursive">;
  /** inputs, outputs, vars, flow, execution, taskrun, parents, labels, trigger, envs, globals */
  variables: Record<string, unknown>;
  logger: TaskLogger;
  kv: KvService;
  storage: StorageService;
  http: HttpClient;
  /** The tenant's side of script tasks; absent where scripts cannot run. */
  scripts?: ScriptHost;
  now(): Date;
  /** Aborted on kill or timeout. */
  signal: AbortSignal;
};

/** What `run` may hand back besides its outputs. */
export type RunOutcome = {
  outputs?: Record<string, unknown>;
  /** Labels to add to (or override on) the execution: the Labels task. */
  labels?: Label[];
  /** End in WARNING instead of SUCCESS (a script that wrote to stderr, with warningOnStdErr). */
  warning?: boolean;
};

export type TaskContextInit = {
  flow: Flow;
  execution: Execution;
  taskRun: TaskRun;
  task: Task;
  services: TaskServices;
  now: () => Date;
  signal?: AbortSignal;
  functions?: TemplateFunctions;
  envs?: Record<string, unknown>;
  globals?: Record<string, unknown>;
};

const SEVERITY: Record<LogLevel, number> = { ERROR: 4, WARN: 3, INFO: 2, DEBUG: 1, TRACE: 0 };

/** true when `level` is at least as severe as `min` */
function atLeast(level: LogLevel, min: LogLevel): boolean {
  return SEVERITY[level] >= SEVERITY[min];
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && (LOG_LEVELS as readonly string[]).includes(value);
}

function createLogger(
  base: Omit<LogEntry, "timestamp" | "level" | "message">,
  now: () => Date,
  minLevel?: LogLevel,
): TaskLogger {
  const lines: LogEntry[] = [];
  const log = (level: LogLevel, message: string) => {
    if (minLevel && !atLeast(level, minLevel)) return;
    lines.push({ ...base, timestamp: now().toISOString(), level, message });
  };
  return {
    lines,
    log,
    trace: (m) => log("TRACE", m),
    debug: (m) => log("DEBUG", m),
    info: (m) => log("INFO", m),
    warn: (m) => log("WARN", m),
    error: (m) => log("ERROR", m),
  };
}

/** The number of the attempt being run (1-based), or null for task runs without attempts. */
function currentAttemptNumber(taskRun: TaskRun): number | null {
  return taskRun.attempts && taskRun.attempts.length > 0 ? taskRun.attempts.length : null;
}

export function createTaskContext<P = Record<string, unknown>>(init: TaskContextInit): TaskContext<P> {
  const { flow, execution, taskRun, task } = init;
  const variables = buildVariables({ flow, execution, task, taskRun, envs: init.envs, globals: init.globals });
  const renderer = createRenderer(variables, init.functions, { now: init.now });
  const logger = createLogger(
    {
      namespace: execution.namespace,
      flowId: execution.flowId,
      taskId: task.id,
      executionId: execution.id,
      taskRunId: taskRun.id,
      attemptNumber: currentAttemptNumber(taskRun),
      triggerId: null,
    },
    init.now,
    task.logLevel,
  );
  return {
    props: task as unknown as P,
    task,
    taskRun,
    execution,
    flow,
    render: renderer.render,
    renderTyped: renderer.renderTyped,
    renderRecursive: renderer.renderRecursive,
    condition: renderer.condition,
    renderWith: renderer.renderWith,
    withVariables: (extra) => createRenderer({ ...variables, ...extra }, init.functions, { now: init.now }),
    variables,
    logger,
    kv: init.services.kv,
    storage: init.services.storage,
    http: init.services.http,
    scripts: init.services.scripts,
    now: init.now,
    signal: init.signal ?? new AbortController().signal,
  };
}
