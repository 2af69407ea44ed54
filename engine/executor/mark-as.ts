import type { Flow } from "@/engine/flow/schema";
import { isFlowableTask } from "./tree";
import type { Execution, StateType, TaskRun } from "./types";
import { ancestorsOf } from "./variables";
import { closeLastAttempt, Work } from "./work";

/**
 * Kestra's ExecutionService.markAs: the task run takes `state` (its last attempt too), its
 * flowable ancestors go back to RUNNING, and the execution is RESTARTED so the executor
 * picks it up again, unless another run is still PAUSED. A Pause run marked RUNNING is
 * resumed: it gets its `onResume` outputs and ends SUCCESS when it has no subtasks.
 */
export function markRun(work: Work, taskRunId: string, state: StateType, resumeInputs?: Record<string, unknown>): void {
  const run = work.run(taskRunId);
  if (!run) throw new Error(`No task run '${taskRunId}' in execution '${work.execution.id}'`);
  for (const parent of ancestorsOf(work.execution, run)) {
    if (isFlowableTask(work.flow, parent.taskId)) work.setRunState(parent.id, "RUNNING");
  }
  const node = work.tree.node(run.taskId);
  let target = state;
  if (node?.definition?.kind === "flowable" && node.definition.resumed) {
    const ctx = work.flowableContext(run);
    let outputs: Record<string, unknown> = {};
    try {
      outputs = node.definition.resumed(ctx, resumeInputs ?? {});
    } catch (error) {
      // A resume asked by someone must be refused; one by a timer goes on without inputs.
      if (resumeInputs !== undefined) throw error;
    }
    if (Object.keys(outputs).length > 0) work.update(run.id, (r) => ({ ...r, outputs: { ...(r.outputs ?? {}), ...outputs } }));
    const hasChildren = node.definition.children(node.task).length > 0;
    if (state === "RUNNING") target = hasChildren ? "RUNNING" : "SUCCESS";
    else if (state === "KILLING") target = "KILLED";
  }
  work.update(run.id, (r) => ({ ...r, attempts: closeLastAttempt(r.attempts, target, work.now) }));
  // Kestra's markAs sets RUNNING, then a Pause without tasks SUCCESS: both in its history.
  if (state === "RUNNING" && target === "SUCCESS" && run.state.current === "PAUSED") work.setRunState(run.id, "RUNNING");
  work.setRunState(run.id, target);
  if (work.runs.some((r) => r.state.current === "PAUSED")) return;
  // As for any other state (Kestra's ExecutionService.markAs): the execution carries on and its
  // end comes from its task runs, so a CANCELLED one stops its parents and ends it CANCELLED.
  work.setExecutionState("RESTARTED");
}

/** markAs as an operation on a finished or paused execution (the API's "change task run state"). */
export function markAs(flow: Flow, execution: Execution, taskRunId: string, state: StateType, now: Date): Execution {
  const work = new Work(flow, execution, now);
  work.execution.metadata = nextAttempt(execution);
  markRun(work, taskRunId, state);
  return work.execution;
}

/**
 * Resumes a PAUSED execution: its first paused task run (a Pause) is marked RUNNING with the
 * given `onResume` inputs; an execution paused by hand just goes back to RUNNING.
 */
export function resume(flow: Flow, execution: Execution, inputs: Record<string, unknown>, now: Date): Execution {
  if (execution.state.current !== "PAUSED") throw new Error(`Execution '${execution.id}' is not paused, it is ${execution.state.current}`);
  const work = new Work(flow, execution, now);
  const paused = work.runs.find((r: TaskRun) => r.state.current === "PAUSED");
  if (paused) markRun(work, paused.id, "RUNNING", inputs);
  else work.setExecutionState("RUNNING");
  return work.execution;
}

export function nextAttempt(execution: Execution) {
  return {
    attemptNumber: (execution.metadata?.attemptNumber ?? 1) + 1,
    originalCreatedDate: execution.metadata?.originalCreatedDate ?? execution.state.startDate,
  };
}
