import { awaitedChildren } from "@/engine/executor/awaited";
import { withTenant, withTenantPipeline } from "@/db/tenant";
import { getFlow, getFlowRevision } from "@/db/queries/flows";
import { ACTIVE_STATES, findFlowExecutionsByState, getExecution, getExecutions, insertExecution, saveExecution } from "@/db/queries/executions";
import { insertLogs, fitsOneStatement } from "@/db/queries/logs";
import { saveProgress, saveProgressStatement, savedProgressOf, type ProgressInput } from "@/db/queries/progress";
import { enqueueWork, finishWork, type WorkItem } from "@/db/queries/work";
import type { Tx } from "@/db/client";
import type { Flow } from "@/engine/flow/schema";
import { createSubflowExecution, kill, type Action, type Execution, type LogEntry, type MetricEntry } from "@/engine/executor";
import { isTerminated } from "@/engine/executor/state";
import { isDone } from "@/engine/executor/after-execution";
import { restart } from "@/engine/executor/restart";
import { failStalled } from "@/engine/executor/stall";
import { storableText } from "@/engine/executor/storable";
import { taskServices, templateFunctions } from "./services";
import { applyStopAfter, enteredStates, fireFlowTriggers, fireStateTriggers, type TriggerFlow } from "./triggers";
import { tenantTemplateSettings } from "./settings";
import { canReach, NamespaceDenied } from "@/engine/namespaces/reach";
import { announceEnd, signalExecution, signalWork, wakeupBus } from "./wakeup";
import { CHECKPOINT_LINES, type PassHost, type PassInput, type SavedAction } from "./pass";
import { getDb } from "@/db/client";
import { assertNever } from "@/lib/assert-never";
import { enginePool, engineSettings } from "./pool";
import { admitUnderRunningQuota, wakeQueuedUnderQuota } from "@/engine/quotas/running";
import { tenantQuotas } from "@/engine/quotas/limits";

/** Trigger types of child executions whose end wakes their parent: Subflow's and ForEachItem's. */
const CHILD_TRIGGER_TYPES = new Set(["io.kestra.plugin.core.flow.Subflow", "io.kestra.plugin.core.flow.ForEachItem$ForEachItemExecutable"]);

export type Loaded = {
  execution: Execution;
  version: number;
  flow: Flow;
  runningCount: number;
  children: { child: Execution; childFlow: Flow | null }[];
  /** Loading queued executions (the admission's Flow triggers): wake the workers once committed. */
  queued?: boolean;
};

async function loadFlow(tx: Tx, namespace: string, id: string, revision?: number): Promise<{ flow: Flow; revision: number } | null> {
  const row = revision ? await getFlowRevision(tx, { namespace, id, revision }) : await getFlow(tx, { namespace, id });
  if (!row || row.deleted) return null;
  return { flow: row.definition, revision: row.revision };
}

/** Child executions this execution waits on (RUNNING Subflow task runs), with their flows. */
async function loadEndedChildren(tx: Tx, execution: Execution) {
  const ids = execution.taskRunList
    .filter((r) => r.state.current === "RUNNING")
    .flatMap((r) => awaitedChildren(r));
  const rows = await getExecutions(tx, { ids });
  const ended = rows.filter((r) => isTerminated(r.document.state.current));
  return Promise.all(
    ended.map(async (r) => {
      const child = r.document;
      const childFlow = await loadFlow(tx, child.namespace, child.flowId, child.flowRevision);
      return { child, childFlow: childFlow?.flow ?? null };
    }),
  );
}

/** How soon an execution whose tenant's quota lock was taken by another process is looked at again. */
const QUOTA_BUSY_RETRY_MS = 200;

/** Reads an item's execution, flow and ended children; runs inside the item's tenant. */
export async function loadExecution(tx: Tx, item: WorkItem, owner: string): Promise<Loaded | null> {
  const row = await getExecution(tx, { id: item.executionId });
    const execution = row?.document;
    const found = row && execution ? await loadFlow(tx, execution.namespace, execution.flowId, execution.flowRevision) : null;
    // An ended execution is done once its afterExecution tasks are (Kestra's ExecutionService.isTerminated).
    if (!row || !execution || !found || isDone(found.flow, execution)) {
      await finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: null });
      return null;
    }
    const admitting = execution.state.current === "CREATED" || execution.state.current === "QUEUED";
    let runningCount = 0;
    if (admitting && found.flow.concurrency) {
      const active = await findFlowExecutionsByState(tx, { namespace: execution.namespace, flowId: execution.flowId, states: ACTIVE_STATES });
      runningCount = active.filter((e) => e.id !== execution.id).length;
    }
    if (admitting) {
      // The tenant's running-executions quota, decided and saved under its lock in this transaction.
      const quota = await admitUnderRunningQuota(tx, { tenantId: item.tenantId, execution, version: row.version, flow: found.flow, flowRunningCount: runningCount, now: new Date() });
      if (quota.kind === "queued" || quota.kind === "busy") {
        // Saved QUEUED just now: Flow triggers listening to QUEUED fire with that save (their
        // executions' work items notify the workers on commit, or wait for the next poll).
        if (quota.kind === "queued" && quota.execution) await fireStateTriggers(tx, item.tenantId, quota.execution, execution.state.histories.length);
        await finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: quota.kind === "busy" ? new Date(Date.now() + QUOTA_BUSY_RETRY_MS) : null });
        return null;
      }
      if (quota.kind === "admitted") {
        // The admission saved the start (RUNNING): Flow triggers listening to it fire with that save.
        const queued = await fireStateTriggers(tx, item.tenantId, quota.execution, execution.state.histories.length);
        return { execution: quota.execution, version: quota.version, flow: found.flow, runningCount, children: [], queued };
      }
    }
    return { execution, version: row.version, flow: found.flow, runningCount, children: await loadEndedChildren(tx, execution) };
}

/**
 * Advances one leased execution: admits it (concurrency), reports ended subflows, then
 * loops advance → run tasks → completeTaskRun until it must wait (a timer, a pause, a
 * child) or ends; saves the document, its logs and what it started in one transaction
 * with the lease's end. A save that finds a newer version (a kill from the API, say)
 * drops this pass and looks again.
 */
export async function processExecution(item: WorkItem, owner: string, preloaded?: Loaded | null): Promise<void> {
  const loaded = preloaded === undefined ? await withTenant({ tenantId: item.tenantId }, (tx) => loadExecution(tx, item, owner)) : preloaded;
  if (!loaded) return;
  if (loaded.queued) signalWork();
  const { flow, tenantId } = { flow: loaded.flow, tenantId: item.tenantId };
  let version = loaded.version;
  // History entries saved so far: the states entered after them fire Flow triggers with the save that writes them.
  let savedHistories = loaded.execution.state.histories.length;
  const { envs, globals } = await tenantTemplateSettings(tenantId);
  const host: PassHost = {
    services: (taskId, taskRunId) => taskServices(tenantId, loaded.execution, taskId, taskRunId),
    functions: (pendingLogs) => templateFunctions(tenantId, () => loaded.execution, pendingLogs),
    startSubflow: (action) => startSubflow(tenantId, loaded.execution.namespace, action),
    watchKill: (executionId) => watchKill(tenantId, executionId),
    writeLogs: (lines) => writeLiveLogs(tenantId, loaded.execution, lines),
    async checkpoint(execution, lines, metrics) {
      const listenersOf = enteredStates(execution, savedHistories);
      const saved = await withTenant({ tenantId }, async (tx) => {
        const progress = await saveProgress(tx, { tenantId, doc: execution, version, lines, metrics, listenersOf });
        const queued = progress.version !== null && (await fireStateTriggers(tx, tenantId, execution, savedHistories, progress.triggerFlows));
        return { version: progress.version, queued };
      });
      if (saved.version === null) return false;
      version = saved.version;
      savedHistories = execution.state.histories.length;
      signalExecution(tenantId, execution.id);
      if (saved.queued) signalWork();
      return true;
    },
  };
  const input: PassInput = {
    tenantId,
    flow,
    execution: loaded.execution,
    runningCount: loaded.runningCount,
    children: loaded.children,
    envs,
    globals,
    cpuBudgetMs: engineSettings().taskCpuBudgetMs,
    checkpointLines: CHECKPOINT_LINES[(await getDb()).kind],
  };
  const functionNames = Object.keys(host.functions(() => []));
  const result = await enginePool().run(input, host, functionNames);
  if (result.kind === "retry") return retryLater(tenantId, item, owner);
  const { execution, logs, metrics, actions, wakeAt } = result;
  try {
    const wasTerminated = isTerminated(loaded.execution.state.current);
    const runningQuota = isTerminated(execution.state.current) && (await tenantQuotas(tenantId)).maxRunningExecutions !== null;
    await save({ tenantId, item, owner, execution, version, logs, metrics, actions, wakeAt, flow, wasTerminated, runningQuota, savedHistories });
    saveFailures.delete(poisonKey(tenantId, execution.id));
  } catch (error) {
    await onSaveFailed({ tenantId, item, owner, execution, version, error });
  }
}

/** Consecutive failed saves after which an execution ends FAILED instead of retrying. */
export const POISON_LIMIT = 5;
const saveFailures = new Map<string, number>();
const poisonKey = (tenantId: string, executionId: string) => `${tenantId}\u0000${executionId}`;

/**
 * A save the database refused (not a newer version: an error). Retried with a growing
 * delay (1, 2, 4, 8 s); after POISON_LIMIT failures in a row the execution ends FAILED with
 * the reason, its task runs in flight failed, instead of being retried forever. When even
 * that cannot be written (the database is down, not the document), the error stands and
 * the lease's expiry brings the execution back later.
 */
async function onSaveFailed(input: { tenantId: string; item: WorkItem; owner: string; execution: Execution; version: number; error: unknown }) {
  const { tenantId, item, owner, execution, error } = input;
  const key = poisonKey(tenantId, execution.id);
  const failures = (saveFailures.get(key) ?? 0) + 1;
  // Drizzle wraps the database's error in "Failed query: <the SQL>": the cause says why.
  const cause = (error as { cause?: unknown }).cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  console.error(`[worker] saving execution ${execution.id} of tenant ${tenantId} failed (${failures}/${POISON_LIMIT}): ${reason}`);
  if (failures < POISON_LIMIT) {
    saveFailures.set(key, failures);
    if (saveFailures.size > 10_000) saveFailures.delete(saveFailures.keys().next().value!);
    const delay = 1000 * 2 ** (failures - 1);
    await withTenant({ tenantId }, (tx) => finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: new Date(Date.now() + delay) }));
    wakeAt(new Date(Date.now() + delay));
    return;
  }
  saveFailures.delete(key);
  const message = storableText(`Execution could not be saved after ${POISON_LIMIT} attempts, it is failed: ${reason.slice(0, 2000)}`);
  await withTenant({ tenantId }, async (tx) => {
    // From the last version saved: what this pass did since could not be written.
    const row = await getExecution(tx, { id: execution.id });
    if (!row || isTerminated(row.document.state.current)) return finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: null });
    const flow = await loadFlow(tx, row.document.namespace, row.document.flowId, row.document.flowRevision);
    const failed = flow ? failStalled(flow.flow, row.document, message, new Date()) : null;
    const doc = failed?.execution ?? row.document;
    const nextRunAt = isTerminated(doc.state.current) ? null : new Date();
    await saveProgress(tx, { tenantId, doc, version: row.version, lines: failed?.logs ?? [], lease: { owner, requests: item.requests, nextRunAt } });
  });
  signalExecution(tenantId, execution.id);
  signalWork();
}

const KILL_POLL_MS = 1000;
/** Writes log lines of tasks still running, and tells the execution's followers. */
async function writeLiveLogs(tenantId: string, execution: Execution, lines: LogEntry[]): Promise<void> {
  const target = { tenantId, executionId: execution.id, namespace: execution.namespace, flowId: execution.flowId, lines };
  await withTenant({ tenantId }, (tx) => insertLogs(tx, target));
  signalExecution(tenantId, execution.id);
}

/**
 * Whether the tasks running for this document must stop: it is being killed, or it ended with
 * none of its task runs RUNNING any more (afterExecution tasks run on an ended execution).
 */
function stopsRuns(doc: Execution): boolean {
  const state = doc.state.current;
  if (state === "KILLING" || state === "KILLED") return true;
  return isTerminated(state) && !doc.taskRunList.some((r) => r.state.current === "RUNNING");
}

/**
 * Aborts the running tasks of an execution once it is KILLING: at once when the kill was
 * saved by this process (its save signal), within KILL_POLL_MS when another process did.
 */
function watchKill(tenantId: string, executionId: string): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController();
  const event = `execution:${tenantId}:${executionId}`;
  let checking = false;
  const check = (document?: unknown) => {
    const state = (document as Execution | undefined)?.state?.current;
    if (state) {
      if (stopsRuns(document as Execution)) controller.abort(new Error("Execution killed"));
      return;
    }
    if (checking || controller.signal.aborted) return;
    checking = true;
    withTenant({ tenantId }, (tx) => getExecution(tx, { id: executionId }))
      .then((row) => {
        if (!row || stopsRuns(row.document)) controller.abort(new Error("Execution killed"));
      })
      .catch(() => {})
      .finally(() => {
        checking = false;
      });
  };
  wakeupBus().on(event, check);
  const timer = setInterval(() => check(), KILL_POLL_MS);
  timer.unref?.();
  return {
    signal: controller.signal,
    stop: () => {
      clearInterval(timer);
      wakeupBus().off(event, check);
    },
  };
}

/** Child states a restarted parent's RETRY_FAILED Subflow restarts (Kestra's ExecutionService.restart). */
const RESTARTABLE = new Set(["FAILED", "KILLED", "WARNING", "CANCELLED"]);

/** Creates a Subflow's child execution in the same tenant; an error string when it cannot. */
async function startSubflow(tenantId: string, from: string, action: Extract<Action, { kind: "subflow" }>): Promise<string | null> {
  if (!(await canReach(tenantId, from, action.namespace))) return new NamespaceDenied(from, action.namespace, "subflow").message;
  const error = await withTenant({ tenantId }, async (tx) => {
    if (action.restart) {
      // RETRY_FAILED: the child this Subflow started before the parent's restart is restarted in place.
      const row = await getExecution(tx, { id: action.executionId });
      if (row && RESTARTABLE.has(row.document.state.current)) {
        const childFlow = await loadFlow(tx, row.document.namespace, row.document.flowId, row.document.flowRevision);
        if (childFlow) {
          let restarted: Execution;
          try {
            restarted = restart(childFlow.flow, row.document, new Date());
          } catch (error) {
            return `Unable to restart execution '${action.executionId}': ${error instanceof Error ? error.message : String(error)}`;
          }
          const saved = await saveExecution(tx, { doc: restarted, version: row.version });
          if (saved === null) return `Execution '${action.executionId}' changed while it was being restarted`;
          await enqueueWork(tx, { tenantId, executionId: action.executionId });
          return null;
        }
      }
    }
    const found = await loadFlow(tx, action.namespace, action.flowId, action.revision);
    if (!found) return `Unable to find flow '${action.namespace}'.'${action.flowId}'`;
    const created = createSubflowExecution(found.flow, found.revision, action, new Date());
    if (!created.ok) return created.error;
    // The id is fixed by the parent, so a pass that runs again finds the child already there.
    if (await getExecution(tx, { id: created.execution.id, includeDeleted: true })) return null;
    await insertExecution(tx, { tenantId, doc: created.execution });
    await enqueueWork(tx, { tenantId, executionId: created.execution.id, runAt: action.scheduleDate ? new Date(action.scheduleDate) : undefined });
    return null;
  });
  if (error === null) {
    if (action.scheduleDate) wakeAt(new Date(action.scheduleDate));
    else signalWork();
  }
  return error;
}

async function retryLater(tenantId: string, item: WorkItem, owner: string) {
  await withTenant({ tenantId }, (tx) => finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: new Date() }));
}

type SaveInput = {
  tenantId: string;
  item: WorkItem;
  owner: string;
  execution: Execution;
  version: number;
  logs: LogEntry[];
  metrics: MetricEntry[];
  actions: SavedAction[];
  wakeAt: string | undefined;
  flow: Flow;
  /** The execution had ended before this pass (it ran afterExecution tasks). */
  wasTerminated: boolean;
  /** The tenant has a running-executions quota (as cached): its end must wake a QUEUED execution. */
  runningQuota?: boolean;
  /** How many of the execution's history entries were saved before this save (see enteredStates). */
  savedHistories: number;
};

/**
 * Saves a pass: the document, its logs and the lease's end (one statement), with the
 * executions it starts or kills and what its end sets off, in one transaction. Workers of
 * this process are woken only when something was queued.
 */
async function save(input: SaveInput): Promise<void> {
  const { tenantId, item, owner, execution } = input;
  // What an end sets off happens once: not again when its afterExecution tasks are saved.
  const terminal = isTerminated(execution.state.current) && !input.wasTerminated;
  const progressInput: ProgressInput = {
    tenantId,
    doc: execution,
    version: input.version,
    lines: input.logs,
    metrics: input.metrics,
    lease: { owner, requests: item.requests, nextRunAt: input.wakeAt ? new Date(input.wakeAt) : null },
    withTriggerFlows: terminal,
    listenersOf: enteredStates(execution, input.savedHistories),
  };
  const saved = (await saveAlone(input, progressInput)) ?? (await saveWithFollowUps(input, progressInput, terminal));
  if (!saved) return retryLater(tenantId, item, owner);
  signalExecution(tenantId, execution.id, execution);
  if (terminal) announceEnd(tenantId, execution.id);
  if (saved.queued) signalWork();
  if (input.wakeAt) wakeAt(new Date(input.wakeAt));
  for (const action of input.actions) if (action.kind === "retryExecution") wakeAt(new Date(action.at));
}

type Saved = { queued: boolean } | null;

/**
 * The common save, when nothing else must be written with it (no actions, no parent or
 * queued executions to wake): its one statement in one round trip. `undefined` when the
 * full transaction is needed, including when the tenant turns out to have Flow triggers
 * (then this wrote nothing).
 */
async function saveAlone(input: SaveInput, progress: ProgressInput): Promise<Saved | undefined> {
  const terminal = isTerminated(input.execution.state.current) && !input.wasTerminated;
  const parent = CHILD_TRIGGER_TYPES.has(input.execution.trigger?.type ?? "");
  if (input.actions.length > 0 || !fitsOneStatement(input.logs) || (terminal && (parent || input.flow.concurrency || input.runningQuota))) return undefined;
  const [rows] = await withTenantPipeline({ tenantId: input.tenantId }, [saveProgressStatement({ ...progress, onlyWithoutTriggerFlows: true })]);
  const result = savedProgressOf(rows);
  if (result.version !== null) return { queued: false };
  return result.triggerFlows.length > 0 ? undefined : null;
}

/** One transaction: the document, its logs and the lease's end, then what it starts, kills or sets off. */
async function saveWithFollowUps(input: SaveInput, progressInput: ProgressInput, terminal: boolean): Promise<Saved> {
  const { tenantId, execution } = input;
  return withTenant({ tenantId }, async (tx) => {
    const progress = await saveProgress(tx, progressInput);
    if (progress.version === null) return null;
    let queued = false;
    for (const action of input.actions) {
      switch (action.kind) {
        case "retryExecution":
          await insertExecution(tx, { tenantId, doc: action.execution });
          await enqueueWork(tx, { tenantId, executionId: action.execution.id, runAt: new Date(action.at) });
          queued = true;
          break;
        case "killExecution":
          queued = (await killExecutionInTx(tx, tenantId, action.executionId)) !== null || queued;
          break;
        default:
          assertNever(action, "saved action");
      }
    }
    // The states entered before the end (RUNNING, PAUSED...), then the end: each fires the Flow triggers listening to it.
    queued = (await fireStateTriggers(tx, tenantId, execution, input.savedHistories, progress.triggerFlows)) || queued;
    if (terminal) queued = (await afterTerminal(tx, tenantId, execution, input.flow, progress.triggerFlows)) || queued;
    if (terminal && input.runningQuota) queued = (await wakeQueuedUnderQuota(tx, { tenantId })) || queued;
    return { queued };
  });
}

/** Wakes this process's workers when a timer it saved (Sleep, retry, pause timeout) is due. */
function wakeAt(at: Date) {
  const timer = setTimeout(signalWork, Math.max(0, at.getTime() - Date.now()) + 5);
  timer.unref?.();
}

/** Kills an execution (a child of a killed parent) and asks a worker to finish the job. */
async function killExecutionInTx(tx: Tx, tenantId: string, executionId: string) {
  const row = await getExecution(tx, { id: executionId });
  if (!row) return null;
  const current = row.document;
  if (isTerminated(current.state.current) || current.state.current === "KILLING") return current;
  const killed = kill(current, new Date());
  const next = await saveExecution(tx, { doc: killed, version: row.version });
  if (next === null) return null;
  await enqueueWork(tx, { tenantId, executionId });
  return killed;
}

/**
 * An ended execution wakes its waiting parent (Subflow), the next QUEUED execution of its
 * flow (concurrency), and flows that listen for it (Flow triggers).
 */
async function afterTerminal(tx: Tx, tenantId: string, execution: Execution, flow: Flow, triggerFlows: TriggerFlow[]): Promise<boolean> {
  let queued = false;
  const trigger = execution.trigger;
  if (trigger && CHILD_TRIGGER_TYPES.has(trigger.type) && typeof trigger.variables?.executionId === "string") {
    await enqueueWork(tx, { tenantId, executionId: trigger.variables.executionId });
    queued = true;
  }
  if (flow.concurrency) {
    const waiting = await findFlowExecutionsByState(tx, { namespace: execution.namespace, flowId: execution.flowId, states: ["QUEUED", "CREATED"] });
    for (const q of waiting.slice(0, flow.concurrency.limit)) await enqueueWork(tx, { tenantId, executionId: q.id });
    queued ||= waiting.length > 0;
  }
  await applyStopAfter(tx, execution, flow);
  return (await fireFlowTriggers(tx, tenantId, execution, triggerFlows)) || queued;
}
