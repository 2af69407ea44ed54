import { canonicalType } from "@/engine/tasks/registry";
import { createTaskContext } from "./context";
import { CORRELATION_ID, labelValue, mergeLabels } from "./labels";
import { NO_SERVICES } from "./services";
import { isCreated } from "./state";
import type { Task } from "@/engine/tasks/common";
import type { SubflowStart } from "./flowable";
import type { SubflowAction, TaskRun } from "./types";
import { errorMessage, type Work } from "./work";

/**
 * Starts the task runs waiting in CREATED (or RESTARTED): `runIf` first, then by kind:
 * flowables become RUNNING (with the outputs they compute up front), Subflows ask the shell
 * for a child execution, timers (Sleep) start waiting, inline tasks (Labels) run here, and
 * every other runnable becomes RUNNING with a new attempt and a `run` action for the shell.
 */
export async function startCreated(work: Work): Promise<void> {
  for (const run of work.runs.filter((r) => isCreated(r.state.current))) {
    if (work.execution.state.current === "KILLING") return;
    await start(work, run);
  }
}

async function start(work: Work, run: TaskRun): Promise<void> {
  const node = work.tree.node(run.taskId);
  if (!node?.definition) {
    work.setRunState(run.id, "FAILED");
    work.log("ERROR", `Unknown task '${run.taskId}' of type '${node?.task.type ?? "?"}'`, run);
    return;
  }
  const { task, definition } = node;

  if (task.runIf !== undefined) {
    let go: boolean;
    try {
      go = await work.renderer(run).condition(task.runIf);
    } catch (error) {
      work.setRunState(run.id, "FAILED");
      work.log("ERROR", errorMessage(error), run);
      return;
    }
    if (!go) {
      work.setRunState(run.id, "SKIPPED");
      return;
    }
  }

  if (definition.kind === "flowable") {
    if (definition.subflows) return startSubflows(work, run);
    if (definition.subflow) return startSubflow(work, run);
    let outputs: Record<string, unknown> | undefined;
    try {
      outputs = await definition.outputs?.(work.flowableContext(run));
    } catch (error) {
      work.setRunState(run.id, "FAILED");
      work.log("ERROR", errorMessage(error), run);
      return;
    }
    if (outputs) work.update(run.id, (r) => ({ ...r, outputs }));
    work.setRunState(run.id, "RUNNING");
    return;
  }

  work.setRunState(run.id, "RUNNING", "open");
  if (definition.timer) return;
  if (!definition.inline) {
    work.actions.push({ kind: "run", taskRunId: run.id });
    return;
  }
  const current = work.run(run.id) as TaskRun;
  const ctx = createTaskContext({
    flow: work.flow,
    execution: work.execution,
    taskRun: current,
    task,
    services: NO_SERVICES,
    now: () => work.nowDate,
    functions: work.ctx.functions,
    envs: work.ctx.envs,
    globals: work.ctx.globals,
  });
  try {
    const outcome = await definition.run?.(ctx);
    if (outcome?.labels) {
      work.execution.labels = mergeLabels(work.execution.labels, outcome.labels);
      work.version++;
    }
    if (outcome?.outputs) work.update(run.id, (r) => ({ ...r, outputs: outcome.outputs ?? null }));
    for (const line of ctx.logger.lines) work.actions.push({ kind: "log", entry: line });
    work.setRunState(run.id, "SUCCESS", "close");
  } catch (error) {
    for (const line of ctx.logger.lines) work.actions.push({ kind: "log", entry: line });
    work.log("ERROR", errorMessage(error), work.run(run.id));
    work.setRunState(run.id, "FAILED", "close");
  }
}

async function startSubflow(work: Work, run: TaskRun): Promise<void> {
  const task = work.task(run);
  const definition = work.tree.node(run.taskId)?.definition;
  if (!task || definition?.kind !== "flowable" || !definition.subflow) return;
  work.setRunState(run.id, "RUNNING", "open");
  let start;
  try {
    start = await definition.subflow(work.flowableContext(work.run(run.id) as TaskRun));
  } catch (error) {
    work.log("ERROR", errorMessage(error), work.run(run.id));
    work.setRunState(run.id, "FAILED", "close");
    return;
  }
  // Kestra's restartBehavior: RETRY_FAILED (the default) restarts the child this run started
  // before the parent was restarted; NEW_EXECUTION starts a new one.
  const previous = run.outputs?.executionId;
  const retryChild = typeof previous === "string" && (task as { restartBehavior?: string }).restartBehavior !== "NEW_EXECUTION";
  const executionId = retryChild ? previous : work.newId();
  work.update(run.id, (r) => ({ ...r, outputs: { executionId } }));
  work.actions.push(subflowAction(work, task, run.id, executionId, start, retryChild));
  if (!start.wait) work.setRunState(run.id, "SUCCESS", "close");
}

/**
 * A task starting one child execution per iteration (ForEachItem): their ids are recorded in
 * the run's outputs (`executionIds`, by iteration; `pendingExecutionIds`, the ones still to be
 * reported when it waits). On restart with RETRY_FAILED, the children it started before are
 * asked for again: failed ones are restarted, the others report their end again.
 */
async function startSubflows(work: Work, run: TaskRun): Promise<void> {
  const task = work.task(run);
  const definition = work.tree.node(run.taskId)?.definition;
  if (!task || definition?.kind !== "flowable" || !definition.subflows) return;
  work.setRunState(run.id, "RUNNING", "open");
  let batch;
  try {
    batch = await definition.subflows(work.flowableContext(work.run(run.id) as TaskRun));
  } catch (error) {
    work.log("ERROR", errorMessage(error), work.run(run.id));
    work.setRunState(run.id, "FAILED", "close");
    return;
  }
  const previous = Array.isArray(run.outputs?.executionIds) ? (run.outputs.executionIds as unknown[]) : [];
  const retry = (task as { restartBehavior?: string }).restartBehavior !== "NEW_EXECUTION" && previous.length === batch.starts.length;
  const ids = batch.starts.map((_, i) => (retry && typeof previous[i] === "string" ? (previous[i] as string) : work.newId()));
  const waiting = batch.wait && ids.length > 0;
  const outputs = batch.outputs === null ? null : { ...batch.outputs, executionIds: ids, ...(waiting ? { pendingExecutionIds: ids } : {}) };
  work.update(run.id, (r) => ({ ...r, outputs }));
  batch.starts.forEach((start, i) => work.actions.push(subflowAction(work, task, run.id, ids[i], start, retry, i)));
  if (!waiting) work.setRunState(run.id, "SUCCESS", "close");
}

function subflowAction(
  work: Work,
  task: Task,
  taskRunId: string,
  executionId: string,
  start: SubflowStart,
  restart: boolean,
  iteration?: number,
): SubflowAction {
  const execution = work.execution;
  const correlationId = labelValue(execution.labels, CORRELATION_ID) ?? execution.id;
  return {
    kind: "subflow",
    taskRunId,
    executionId,
    namespace: start.namespace,
    flowId: start.flowId,
    ...(start.revision !== undefined ? { revision: start.revision } : {}),
    inputs: start.inputs,
    labels: mergeLabels(start.labels, [{ key: CORRELATION_ID, value: correlationId }]),
    wait: start.wait,
    transmitFailed: start.transmitFailed,
    trigger: {
      id: task.id,
      type: canonicalType(task.type),
      variables: {
        executionId: execution.id,
        namespace: execution.namespace,
        flowId: execution.flowId,
        flowRevision: execution.flowRevision,
        ...(iteration !== undefined ? { taskRunId, taskRunIteration: iteration } : {}),
      },
    },
    ...(start.scheduleDate ? { scheduleDate: start.scheduleDate } : {}),
    ...(restart ? { restart: true } : {}),
  };
}
