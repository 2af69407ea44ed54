import type { Flow } from "@/engine/flow/schema";
import { nextAttempt } from "./mark-as";
import { isPaused, isTerminated, transition } from "./state";
import { flowTree, isFlowableTask } from "./tree";
import type { Execution, TaskRun } from "./types";
import { ancestorsOf } from "./variables";

/**
 * Kestra's restart, in place: failed (and paused) task runs start again as RESTARTED, their
 * flowable ancestors go back to RUNNING, task runs of errors and finally branches are
 * dropped (they run again if needed), and the execution is RESTARTED. Ids are kept.
 */
export function restart(flow: Flow, execution: Execution, now: Date): Execution {
  const current = execution.state.current;
  if (!isTerminated(current) && !isPaused(current)) {
    throw new Error(`Execution must be terminated to be restarted, current state is '${current}'`);
  }
  const failed = execution.taskRunList.filter((r) => r.state.current === "FAILED" || isPaused(r.state.current));
  if (failed.length === 0) throw new Error("No task found to restart execution from");
  const restart = new Set<string>();
  for (const run of failed) {
    restart.add(run.id);
    for (const parent of ancestorsOf(execution, run)) restart.add(parent.id);
  }
  const date = now.toISOString();
  const tree = flowTree(flow);
  const branches = tree.errorsAndFinally;
  const taskRunList = execution.taskRunList
    .filter((r) => !branches.has(r.taskId))
    .map((r): TaskRun => {
      if (!restart.has(r.id)) return r;
      // A Subflow starts again (RESTARTED): its child is restarted or replaced per its restartBehavior.
      const definition = tree.node(r.taskId)?.definition;
      const again = !isFlowableTask(flow, r.taskId) || (definition?.kind === "flowable" && (definition.subflow !== undefined || definition.subflows !== undefined));
      return { ...r, state: transition(r.state, again ? "RESTARTED" : "RUNNING", date) };
    });
  return {
    ...execution,
    taskRunList,
    outputs: null,
    state: transition(execution.state, "RESTARTED", date),
    metadata: nextAttempt(execution),
  };
}
