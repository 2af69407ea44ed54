import type { Flow } from "@/engine/flow/schema";
import { isTerminated } from "./state";
import { flowTree } from "./tree";
import type { Execution, TaskRun } from "./types";

/**
 * Runnable task runs the shell should be running right now: RUNNING, with an open attempt,
 * sent to a worker (not timers, not inline tasks). advance emits a `run` action only once,
 * when a run starts; a worker that recovers from a crash uses this to run again the ones
 * whose lease was lost, without double-running the others.
 */
export function inFlightTaskRuns(flow: Flow, execution: Execution): TaskRun[] {
  const tree = flowTree(flow);
  return execution.taskRunList.filter((run) => {
    if (run.state.current !== "RUNNING") return false;
    const definition = tree.node(run.taskId)?.definition;
    if (definition?.kind !== "runnable" || definition.timer || definition.inline) return false;
    const last = run.attempts?.[run.attempts.length - 1];
    return last !== undefined && !isTerminated(last.state.current);
  });
}
