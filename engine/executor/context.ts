import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import type { TemplateFunctions, TemplateValue } from "@/engine/template";
import { alive } from "@/engine/template/budget";
import { createRenderer } from "./render";
import { storableText } from "./storable";
import type { ExecutionsService, HttpClient, KvService, WorkingDirectories, NamespaceFiles, ScriptHost, StorageService, TaskServices } from "./services";
import { LOG_LEVELS, type Execution, type Label, type LogEntry, type LogLevel, type MetricEntry, type TaskRun } from "./types";
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

/** Collects the metrics of one attempt (Kestra's `runContext.metric(...)`); the shell persists them. */
export type MetricRecorder = {
  counter(name: string, value: number, tags?: Record<string, unknown>): void;
  /** A duration in milliseconds. */
  timer(name: string, milliseconds: number, tags?: Record<string, unknown>): void;
  readonly entries: MetricEntry[];
};

/** Longest tag value kept: a tag names a series, it is not a place for a payload. */
const MAX_TAG_LENGTH = 1000;

/**
 * Tag values as Kestra keeps them: strings, a null tag dropped. Keys and values are made
 * storable (a NUL or a lone surrogate replaced), since they come from rendered text.
 */
function tagsOf(tags: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    if (value === null || value === undefined) continue;
    out[storableText(key)] = storableText(typeof value === "string" ? value : JSON.stringify(value)).slice(0, MAX_TAG_LENGTH);
  }
  return out;
}

export function createMetricRecorder(base: Pick<MetricEntry, "namespace" | "flowId" | "taskId" | "executionId" | "taskRunId">, now: () => Date): MetricRecorder {
  const entries: MetricEntry[] = [];
  const add = (type: MetricEntry["type"], name: string, value: number, tags?: Record<string, unknown>) => {
    if (!Number.isFinite(value)) return;
    entries.push({ ...base, type, name: storableText(name), value, tags: tagsOf(tags), timestamp: now().toISOString() });
  };
  return {
    entries,
    counter: (name, value, tags) => add("counter", name, value, tags),
    timer: (name, ms, tags) => add("timer", name, ms, tags),
  };
}

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
  metrics: MetricRecorder;
  kv: KvService;
  storage: StorageService;
  http: HttpClient;
  /** The tenant's executions and logs, seen from the flow's namespace; absent where there are none. */
  executions?: ExecutionsService;
  /** The shared directory of the WorkingDirectory this task runs in; absent outside one. */
  workingDirectory?: WorkingDirectory;
  /** The tenant's side of script tasks; absent where scripts cannot run. */
  scripts?: ScriptHost;
  /** The tenant's namespace files, seen from the flow's namespace; absent where there are none. */
  namespaceFiles?: NamespaceFiles;
  now(): Date;
  /** Aborted on kill or timeout. */
  signal: AbortSignal;
};

/** A WorkingDirectory's files as one of its tasks sees them (relative, confined paths). */
export type WorkingDirectory = {
  /** The WorkingDirectory task run's id. */
  id: string;
  list(): Promise<string[]>;
  read(path: string): Promise<Uint8Array | null>;
  write(path: string, content: string | Uint8Array): Promise<void>;
  delete(path: string): Promise<boolean>;
};

/** The WorkingDirectory run that holds `run` (its nearest such ancestor), if any. */
export function workingDirectoryOf(
  flowTypes: (taskId: string) => string | undefined,
  execution: Execution,
  run: TaskRun,
): TaskRun | undefined {
  const byId = new Map(execution.taskRunList.map((r) => [r.id, r]));
  const seen = new Set<string>();
  for (let id = run.parentTaskRunId; id && !seen.has(id); ) {
    seen.add(id);
    const parent = byId.get(id);
    if (!parent) return undefined;
    if (WORKING_DIRECTORY_TYPES.has(flowTypes(parent.taskId) ?? "")) return parent;
    id = parent.parentTaskRunId;
  }
  return undefined;
}

export const WORKING_DIRECTORY_TYPES: ReadonlySet<string> = new Set([
  "io.kestra.plugin.core.flow.WorkingDirectory",
  "io.kestra.core.tasks.flows.WorkingDirectory",
  "io.kestra.core.tasks.flows.Worker",
]);

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
  /** The WorkingDirectory run holding this task, when there is one. */
  workingDirectoryId?: string;
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
    alive();
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
    metrics: createMetricRecorder(
      { namespace: execution.namespace, flowId: execution.flowId, taskId: task.id, executionId: execution.id, taskRunId: taskRun.id },
      init.now,
    ),
    kv: init.services.kv,
    executions: init.services.executions,
    workingDirectory: boundDirectory(init.services.workingDirectories, init.workingDirectoryId),
    storage: init.services.storage,
    http: init.services.http,
    scripts: init.services.scripts,
    namespaceFiles: init.services.namespaceFiles,
    now: init.now,
    signal: init.signal ?? new AbortController().signal,
  };
}

function boundDirectory(store: WorkingDirectories | undefined, id: string | undefined): WorkingDirectory | undefined {
  if (!id) return undefined;
  if (!store) {
    const refuse = async (): Promise<never> => {
      throw new Error("WorkingDirectory: this engine keeps no working directories");
    };
    return { id, list: refuse, read: refuse, write: refuse, delete: refuse };
  }
  return {
    id,
    list: () => store.list(id),
    read: (path) => store.read(id, path),
    write: (path, content) => store.write(id, path, content),
    delete: (path) => store.delete(id, path),
  };
}
