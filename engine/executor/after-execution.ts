import type { Flow } from "@/engine/flow/schema";
import { createFlowableNexts, resolveStates } from "./children";
import { resolveTasks, sequentialNexts, type ResolvedTask } from "./resolve";
import { startCreated } from "./start";
import { isFailed, isTerminated } from "./state";
import type { Execution } from "./types";
import type { Work } from "./work";

/**
 * Kestra's `afterExecution` (ExecutorService.handleAfterExecution): once the execution has
 * ended, its afterExecution tasks run one after the other, seeing `execution.state` and the
 * flow's outputs. They never change the execution's state; a failed one stops the rest.
 */
export async function runAfterExecution(work: Work): Promise<void> {
  const tasks = afterTasks(work.flow);
  if (tasks.length === 0) return;
  // No errors branch: a failure leaves nothing to run (FlowableUtils.resolveSequentialNexts).
  const nexts = sequentialNexts(work.runs, tasks, [], undefined, null);
  work.addRuns(nexts.map((t) => work.newRun(t.task, null, t.value, t.iteration)));
  await createFlowableNexts(work);
  await resolveStates(work);
  await startCreated(work);
}

function afterTasks(flow: Flow): ResolvedTask[] {
  return (resolveTasks(flow.afterExecution, null) ?? []).filter((t) => !t.task.disabled);
}

/**
 * Kestra's ExecutionService.isTerminated(flow, execution): the execution has ended and so have
 * its afterExecution tasks (all of them, or up to the first that failed). Shells keep working
 * on an ended execution until then.
 */
export function isDone(flow: Flow, execution: Execution): boolean {
  if (!isTerminated(execution.state.current)) return false;
  const tasks = afterTasks(flow);
  if (tasks.length === 0) return true;
  const ids = new Set(tasks.map((t) => t.task.id));
  const runs = execution.taskRunList.filter((r) => r.parentTaskRunId === null && ids.has(r.taskId));
  if (runs.some((r) => !isTerminated(r.state.current))) return false;
  if (runs.some((r) => isFailed(r.state.current))) return true;
  return runs.length === tasks.length;
}
