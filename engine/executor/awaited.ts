import type { TaskRun } from "./types";

/** The child executions a task run waits for: a Subflow's one, or those ForEachItem has not heard back from. */
export function awaitedChildren(run: TaskRun): string[] {
  const pending = run.outputs?.pendingExecutionIds;
  if (Array.isArray(pending)) return pending.filter((id): id is string => typeof id === "string");
  const one = run.outputs?.executionId;
  return typeof one === "string" ? [one] : [];
}
