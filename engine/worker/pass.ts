import { awaitedChildren } from "@/engine/executor/awaited";
import type { Flow } from "@/engine/flow/schema";
import {
  admit,
  advance,
  completeSubflow,
  completeTaskRun,
  executeTaskRun,
  inFlightTaskRuns,
  type Action,
  type Execution,
  type LogEntry,
  type MetricEntry,
  type SubflowReport,
  type TaskServices,
} from "@/engine/executor";
import type { TemplateFunctions } from "@/engine/template";
import { CpuMeter, withCpuMeter } from "@/engine/template/budget";
import { assertNever } from "@/lib/assert-never";
import { Masker } from "./mask";

/** A pass gives its thread's event loop a turn at least this often (engine/worker/beat.ts beats every 100 ms). */
const YIELD_MS = 50;

let lastYield = 0;

/**
 * Steps and tasks that do no I/O of their own resolve in microtasks only: a pass yields to the
 * event loop now and then, so the thread's timers (the heartbeat the watchdog reads) keep
 * running and a long but healthy pass is never taken for a stalled one.
 */
async function yieldNowAndThen(): Promise<void> {
  if (performance.now() - lastYield < YIELD_MS) return;
  await new Promise((resolve) => setImmediate(resolve));
  lastYield = performance.now();
}

/** Save progress at least this often while tasks keep running, to bound work lost in a crash. */
const CHECKPOINT_MS = 1000;
/**
 * ... and whenever this many log lines wait, so that one save never holds the web process
 * long (PGlite writes on the web process's own thread: it takes smaller slices).
 */
export const CHECKPOINT_LINES = { postgres: 5000, pglite: 500 };
const MAX_STEPS = 10_000;

/** What a pass needs, all of it plain data (it crosses to a worker thread). */
export type PassInput = {
  tenantId: string;
  flow: Flow;
  execution: Execution;
  runningCount: number;
  children: { child: Execution; childFlow: Flow | null }[];
  envs: Record<string, unknown>;
  globals: Record<string, unknown>;
  /** CPU time a task run (or one advance) may use before it fails. */
  cpuBudgetMs: number;
  /** Log lines saved at most per checkpoint (CHECKPOINT_LINES). */
  checkpointLines: number;
};

/** The I/O of a pass, provided by the process that holds the database. */
export type PassHost = {
  services(taskId: string, taskRunId: string): TaskServices;
  /** The template functions; `pendingLogs` are this pass's lines not saved yet. */
  functions(pendingLogs: () => LogEntry[]): TemplateFunctions;
  /** Creates a Subflow's child execution; an error string when it cannot. */
  startSubflow(action: Extract<Action, { kind: "subflow" }>): Promise<string | null>;
  /** Saves progress (and the metrics emitted so far); false when a newer version exists (the pass is dropped and retried). */
  checkpoint(execution: Execution, logs: LogEntry[], metrics: MetricEntry[]): Promise<boolean>;
  /** Aborts its signal once the execution is being killed (or has ended elsewhere); `stop` when its tasks are done. */
  watchKill(executionId: string): { signal: AbortSignal; stop(): void };
  /** Writes log lines of tasks still running (a script's output shows as it comes). */
  writeLogs(lines: LogEntry[]): Promise<void>;
};

const LIVE_LOG_MS = 500;

const SEVERITY = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/**
 * log.Fetch of the running execution sees its lines not saved yet too (this pass's, masked
 * as they will be saved), after the saved ones, as errorLogs() does.
 */
function withPendingLogs(services: TaskServices, executionId: string, pending: () => LogEntry[]): TaskServices {
  const executions = services.executions;
  if (!executions) return services;
  return {
    ...services,
    executions: {
      ...executions,
      counts: (q) => executions.counts(q),
      find: (id) => executions.find(id),
      purgeLogs: (q) => executions.purgeLogs(q),
      purge: (q) => executions.purge(q),
      resume: (q) => executions.resume(q),
      toggleTrigger: (q) => executions.toggleTrigger(q),
      async logs(q) {
        const stored = await executions.logs(q);
        if (stored === null || q.executionId !== executionId) return stored;
        const min = SEVERITY.indexOf(q.minLevel);
        const extra = pending().filter(
          (l) => l.executionId === executionId && SEVERITY.indexOf(l.level) >= min && (q.taskIds === undefined || (l.taskId !== null && q.taskIds.includes(l.taskId))),
        );
        return [...stored, ...extra];
      },
    },
  };
}

/**
 * Sends the lines of tasks that are still running to the host every LIVE_LOG_MS. Lines are
 * taken out of the attempts' arrays, so the end-of-task save writes only the rest, once each.
 */
function liveLogs(host: PassHost): { attach: (lines: LogEntry[]) => void; stop: () => Promise<void> } {
  const arrays: LogEntry[][] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const lines = arrays.flatMap((a) => a.splice(0));
    if (lines.length === 0) return writing;
    writing = writing.then(() => host.writeLogs(lines)).catch((error) => console.error("[worker] live logs", error));
    return writing;
  };
  const timer = setInterval(flush, LIVE_LOG_MS);
  timer.unref?.();
  return {
    attach: (lines) => void arrays.push(lines),
    stop: async () => {
      clearInterval(timer);
      await writing;
    },
  };
}

/** What a pass leaves for its save: the actions written in the save's transaction. */
export type SavedAction = Extract<Action, { kind: "killExecution" | "retryExecution" }>;

export type PassResult =
  | { kind: "save"; execution: Execution; logs: LogEntry[]; metrics: MetricEntry[]; actions: SavedAction[]; wakeAt: string | undefined }
  | { kind: "retry" };

/**
 * One pass over a leased execution, with no database: admits it (concurrency), reports
 * ended subflows, then loops advance → run tasks → completeTaskRun until it must wait (a
 * timer, a pause, a child) or ends. Each task run, and each advance, gets its own CPU
 * budget. The caller saves the result.
 */
export async function runPass(input: PassInput, unmasked: PassHost): Promise<PassResult> {
  const { flow } = input;
  let execution = input.execution;
  let logs: LogEntry[] = [];
  let metrics: MetricEntry[] = [];
  const now = () => new Date();
  // Secrets revealed in this pass never leave it in clear: every write to the host is masked.
  const masker = new Masker(flow, execution);
  const host: PassHost = {
    ...unmasked,
    checkpoint: (e, lines, metrics) => unmasked.checkpoint(masker.execution(e), masker.logs(lines), masker.metrics(metrics)),
    writeLogs: (lines) => unmasked.writeLogs(masker.logs(lines)),
  };
  const functions = masker.functions(host.functions(() => logs));
  const { envs, globals } = input;
  const ctx = { functions, envs, globals };
  const pendingActions: SavedAction[] = [];
  let wakeAt: string | undefined;
  const metered = <T>(work: () => Promise<T>) => withCpuMeter(new CpuMeter(input.cpuBudgetMs), work);

  const log = (level: LogEntry["level"], message: string) =>
    logs.push({ namespace: execution.namespace, flowId: execution.flowId, taskId: null, executionId: execution.id, taskRunId: null, attemptNumber: null, triggerId: null, timestamp: now().toISOString(), level, message });

  // Created for later (scheduleDate): untouched until that date, whoever asked to look at it.
  if (execution.state.current === "CREATED" && execution.scheduleDate && Date.parse(execution.scheduleDate) > now().getTime()) {
    return { kind: "save", execution, logs, metrics: [], actions: [], wakeAt: execution.scheduleDate };
  }

  if ((execution.state.current === "CREATED" || execution.state.current === "QUEUED") && flow.concurrency) {
    const admission = admit(flow, execution, input.runningCount, now());
    execution = admission.execution;
    if (admission.decision === "FAIL") log("ERROR", "Flow is FAILED due to concurrency limit exceeded");
    if (admission.decision !== "RUN") return { kind: "save", execution: masker.execution(execution), logs: masker.logs(logs), metrics: masker.metrics(metrics), actions: [], wakeAt: undefined };
  }

  for (const { child, childFlow } of input.children) {
    const run = execution.taskRunList.find((r) => r.state.current === "RUNNING" && awaitedChildren(r).includes(child.id));
    if (!run) continue;
    const report: SubflowReport = childFlow ? { child, childFlow } : { error: `Flow ${child.namespace}.${child.flowId} not found` };
    const result = await metered(() => completeSubflow(flow, execution, run.id, report, now(), ctx));
    execution = result.execution;
    logs.push(...result.logs);
  }

  // Runs that were in flight when a previous holder of this lease died are run again
  // (Kestra resubmits a dead worker's task runs), unless the execution is being killed.
  let runs = execution.state.current === "KILLING" ? [] : inFlightTaskRuns(flow, execution).map((r) => r.id);
  let lastCheckpoint = Date.now();
  const sliceLines = Math.max(1, input.checkpointLines);

  /** Saves progress, many lines a slice at a time (each save one bounded statement), until at most `keep` wait. */
  async function flush(keep: number): Promise<boolean> {
    do {
      const slice = logs.slice(0, Math.min(sliceLines, Math.max(0, logs.length - keep)));
      if (!(await host.checkpoint(execution, slice, metrics))) return false;
      logs = logs.slice(slice.length);
      metrics = [];
      lastCheckpoint = Date.now();
    } while (logs.length > keep);
    return true;
  }

  for (let step = 0; step < MAX_STEPS; step++) {
    await yieldNowAndThen();
    if (runs.length === 0) {
      const result = await metered(() => advance(flow, execution, now(), ctx));
      execution = result.execution;
      wakeAt = result.wakeAt;
      const subflowErrors: { taskRunId: string; error: string }[] = [];
      for (const action of result.actions) {
        switch (action.kind) {
          case "log":
            logs.push(action.entry);
            break;
          case "run":
            runs.push(action.taskRunId);
            break;
          case "subflow": {
            const error = await host.startSubflow(action);
            if (error) subflowErrors.push({ taskRunId: action.taskRunId, error });
            break;
          }
          case "kill":
            // Nothing runs between passes: the executor already marked the task run KILLED.
            break;
          case "killExecution":
          case "retryExecution":
            // Written with the pass's save, in its transaction.
            pendingActions.push(action);
            break;
          default:
            assertNever(action, "engine action");
        }
      }
      for (const { taskRunId, error } of subflowErrors) {
        const reported = await metered(() => completeSubflow(flow, execution, taskRunId, { error }, now(), ctx));
        execution = reported.execution;
        logs.push(...reported.logs);
      }
      if (runs.length === 0 && subflowErrors.length === 0) break;
      if (runs.length === 0) continue;
    }
    const current = execution;
    const killed = host.watchKill(current.id);
    const live = liveLogs(host);
    const results = await Promise.all(
      runs.map(async (taskRunId) => {
        await yieldNowAndThen();
        const run = current.taskRunList.find((r) => r.id === taskRunId)!;
        const services = withPendingLogs(host.services(run.taskId, run.id), current.id, () => masker.logs(logs));
        const result = await metered(() =>
          executeTaskRun({ flow, execution: current, taskRunId, services, now, functions, envs, globals, signal: killed.signal, onLogLines: live.attach }),
        );
        return { taskRunId, result };
      }),
    ).finally(killed.stop);
    await live.stop();
    runs = [];
    for (const { taskRunId, result } of results) {
      logs.push(...(result.logs ?? []));
      metrics.push(...(result.metrics ?? []));
      execution = completeTaskRun(flow, execution, taskRunId, result, now());
    }
    if (Date.now() - lastCheckpoint > CHECKPOINT_MS || logs.length >= sliceLines) {
      if (!(await flush(0))) return { kind: "retry" };
    }
  }
  // The final save carries less than one slice.
  if (logs.length >= sliceLines && !(await flush(sliceLines - 1))) return { kind: "retry" };
  return { kind: "save", execution: masker.execution(execution), logs: masker.logs(logs), metrics: masker.metrics(metrics), actions: pendingActions, wakeAt };
}
