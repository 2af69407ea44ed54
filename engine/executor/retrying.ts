import { replayExecution } from "./replay";
import { effectiveRetry, nextExecutionRetryDate, nextTaskRetryDate } from "./retry";
import { ancestorsOf } from "./variables";
import type { Work } from "./work";

/**
 * Failed runnable and Subflow runs: retried in place (RETRYING until the retry date), or by a
 * new execution (this one ends RETRIED), or, with no retry left, `allowFailure` turns them
 * into WARNING (SUCCESS with `allowWarning`). Returns true when the execution ended here.
 */
export function handleFailures(work: Work): boolean {
  for (const run of work.runs.filter((r) => r.state.current === "FAILED")) {
    const node = work.tree.node(run.taskId);
    const definition = node?.definition;
    if (!node || !definition) continue;
    const retriable = definition.kind === "runnable" || definition.subflow !== undefined || definition.subflows !== undefined;
    if (!retriable) continue;

    const retry = effectiveRetry(work.flow, work.tree, run.taskId);
    if (retry?.behavior === "CREATE_NEW_EXECUTION") {
      const at = nextExecutionRetryDate(retry, work.execution, work.now);
      if (at) {
        work.setRunState(run.id, "RETRIED");
        for (const parent of ancestorsOf(work.execution, run)) work.setRunState(parent.id, "RETRIED");
        work.setExecutionState("RETRIED");
        const next = replayExecution(work.flow, work.execution, null, new Date(at), work.newId);
        work.actions.push({ kind: "retryExecution", execution: next, at });
        return true;
      }
    } else if (retry) {
      if (nextTaskRetryDate(retry, run)) {
        work.setRunState(run.id, "RETRYING");
        if (work.execution.state.current === "RUNNING") work.setExecutionState("RETRYING");
        continue;
      }
    }
    if (node.task.allowFailure) work.setRunState(run.id, node.task.allowWarning ? "SUCCESS" : "WARNING");
  }
  return false;
}
