import type { Flow } from "@/engine/flow/schema";
import { createRenderer } from "./render";
import { effectiveRetry } from "./retry";
import { transition } from "./state";
import { flowTree } from "./tree";
import type { Execution, LogEntry, StateType, TaskResult, TaskRun } from "./types";
import { buildVariables } from "./variables";
import { closeLastAttempt, errorMessage, Work, type ExecutorContext } from "./work";

/**
 * Records the result of a runnable task run the shell ran: its outputs, its attempt's end,
 * its state (`warningOnRetry` makes a success after retries a WARNING, `allowWarning` a
 * WARNING a SUCCESS). A failure stays FAILED here: the next advance decides on retries and
 * `allowFailure`. A report for a run that is no longer RUNNING (killed meanwhile) is ignored.
 */
export function completeTaskRun(flow: Flow, execution: Execution, taskRunId: string, result: TaskResult, now: Date): Execution {
  const index = execution.taskRunList.findIndex((r) => r.id === taskRunId);
  const run = execution.taskRunList[index];
  if (!run || run.state.current !== "RUNNING") return execution;
  const task = flowTree(flow).node(run.taskId)?.task;
  const date = now.toISOString();
  let state: StateType = result.state;
  const retry = effectiveRetry(flow, flowTree(flow), run.taskId);
  if (state === "SUCCESS" && retry?.warningOnRetry && (run.attempts?.length ?? 0) > 1) state = "WARNING";
  if (state === "WARNING" && task?.allowWarning) state = "SUCCESS";

  let attempts = closeLastAttempt(run.attempts, result.state, date);
  if (result.logFile && attempts?.length) {
    attempts = [...attempts.slice(0, -1), { ...attempts[attempts.length - 1], logFile: result.logFile }];
  }
  const updated: TaskRun = {
    ...run,
    outputs: result.outputs ?? run.outputs,
    attempts,
    state: transition(run.state, state, date),
  };
  const taskRunList = [...execution.taskRunList];
  taskRunList[index] = updated;
  const holder = result.holderOutputs;
  const holderIndex = holder ? taskRunList.findIndex((r) => r.id === holder.taskRunId && r.state.current === "RUNNING") : -1;
  if (holder && holderIndex >= 0) {
    const current = taskRunList[holderIndex];
    taskRunList[holderIndex] = { ...current, outputs: { ...(current.outputs ?? {}), ...holder.outputs } };
  }
  return { ...execution, taskRunList };
}

/** How a child execution of a Subflow task ended, or why it could not start. */
export type SubflowReport = { child: Execution; childFlow: Flow } | { error: string };

/**
 * Records the end of a Subflow task's child execution on the parent's task run: outputs
 * `{executionId, state, outputs}` (the task's `outputs` rendered against the child, or the
 * child flow's own outputs) and a state from the child's (`transmitFailed`). A child that
 * could not be started fails the run; retries apply as for any failed run.
 */
export async function completeSubflow(
  flow: Flow,
  execution: Execution,
  taskRunId: string,
  report: SubflowReport,
  now: Date,
  ctx: ExecutorContext = {},
): Promise<{ execution: Execution; logs: LogEntry[] }> {
  const work = new Work(flow, execution, now, ctx);
  const run = work.run(taskRunId);
  const definition = run ? work.tree.node(run.taskId)?.definition : undefined;
  if (!run || run.state.current !== "RUNNING" || definition?.kind !== "flowable" || !definition.subflowEnded) {
    return { execution, logs: [] };
  }
  if ("error" in report) {
    work.log("ERROR", report.error, run);
    work.setRunState(run.id, "FAILED", "close");
    return finish(work);
  }
  const { child, childFlow } = report;
  const childContext = { ...buildVariables({ flow: childFlow, execution: child, envs: ctx.envs, globals: ctx.globals }) };
  const renderChild = (value: unknown) => createRenderer(childContext, ctx.functions, { now: () => now }).renderRecursive(value);
  let outcome;
  try {
    outcome = await definition.subflowEnded(work.flowableContext(run), { child, childFlow, renderChild });
  } catch (error) {
    outcome = { state: "FAILED" as const, outputs: { executionId: child.id, state: child.state.current }, error: errorMessage(error) };
  }
  if (outcome.error) work.log("WARN", `Failed to extract outputs with the error: '${outcome.error}'`, run);
  const allowWarning = work.task(run)?.allowWarning === true;
  work.update(run.id, (r) => ({ ...r, outputs: outcome.outputs }));
  // A task waiting for several children (ForEachItem) goes on until the last one ended.
  if (outcome.state === "RUNNING") return finish(work);
  work.setRunState(run.id, outcome.state === "WARNING" && allowWarning ? "SUCCESS" : outcome.state, "close");
  return finish(work);
}

function finish(work: Work): { execution: Execution; logs: LogEntry[] } {
  const logs = work.actions.flatMap((a) => (a.kind === "log" ? [a.entry] : []));
  return { execution: work.execution, logs };
}
