import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import { newId } from "@/lib/ids";
import { nextAttempt } from "./mark-as";
import { newState, transition } from "./state";
import { flowTree, isFlowableTask } from "./tree";
import type { Execution, TaskRun } from "./types";
import { ancestorsOf } from "./variables";

/**
 * Kestra's replay: a new execution of the same flow, inputs and labels (`parentId` is the
 * replayed one). From scratch (CREATED, no task runs) without a task run; otherwise the task
 * runs before the chosen one are kept (with new ids), the chosen one and its ancestors start
 * again (RESTARTED, flowables RUNNING), and everything after it is dropped.
 */
export function replay(flow: Flow, execution: Execution, taskRunId: string | null, now: Date, ids: () => string = () => newId()): Execution {
  return replayExecution(flow, execution, taskRunId, now, ids);
}

export function replayExecution(
  flow: Flow,
  execution: Execution,
  taskRunId: string | null,
  now: Date,
  ids: () => string,
): Execution {
  const id = ids();
  const date = now.toISOString();
  const base: Execution = {
    ...structuredClone(execution),
    id,
    parentId: execution.id,
    originalId: execution.originalId,
    outputs: null,
    metadata: nextAttempt(execution),
  };
  if (taskRunId === null) return { ...base, state: newState("CREATED", date), taskRunList: [] };

  const target = execution.taskRunList.find((r) => r.id === taskRunId);
  if (!target) throw new Error(`No task run '${taskRunId}' in execution '${execution.id}'`);
  const restart = new Set([target.id, ...ancestorsOf(execution, target).map((r) => r.id)]);
  const drop = successors(flow, execution, target);
  const branches = flowTree(flow).errorsAndFinally;
  const mapping = new Map(execution.taskRunList.map((r) => [r.id, ids()]));

  const taskRunList = execution.taskRunList
    .filter((r) => restart.has(r.id) || (!drop.has(r.id) && !branches.has(r.taskId)))
    .map((r): TaskRun => {
      const state = restart.has(r.id)
        ? transition(r.state, isFlowableTask(flow, r.taskId) ? "RUNNING" : "RESTARTED", date)
        : r.state;
      return {
        ...structuredClone(r),
        id: mapping.get(r.id) as string,
        executionId: id,
        parentTaskRunId: r.parentTaskRunId ? (mapping.get(r.parentTaskRunId) ?? null) : null,
        state,
      };
    });
  return { ...base, taskRunList, state: transition(execution.state, "RESTARTED", date) };
}

/** Containers whose children are parallel branches in Kestra's graph: no child comes "after" another. */
const PARALLEL = new Set([
  "io.kestra.plugin.core.flow.Parallel",
  "io.kestra.plugin.core.flow.EachParallel",
  "io.kestra.plugin.core.flow.ForEach",
  "io.kestra.plugin.core.flow.Dag",
]);

/**
 * The task runs that come after `target` in Kestra's execution graph: its descendants, and
 * for it and each ancestor, the later runs of the same sequence with their descendants. A
 * sequence is ordered by task, then by loop value (EachSequential chains every run of its
 * first task before the runs of its second); parallel branches have no order.
 */
function successors(flow: Flow, execution: Execution, target: TaskRun): Set<string> {
  const runs = execution.taskRunList;
  const tree = flowTree(flow);
  const out = new Set<string>();
  const addWithDescendants = (id: string) => {
    out.add(id);
    for (const child of runs) if (child.parentTaskRunId === id && !out.has(child.id)) addWithDescendants(child.id);
  };
  for (const child of runs) if (child.parentTaskRunId === target.id) addWithDescendants(child.id);

  for (const current of [target, ...ancestorsOf(execution, target).reverse()]) {
    const parent = current.parentTaskRunId ? runs.find((r) => r.id === current.parentTaskRunId) : undefined;
    const parentNode = parent ? tree.node(parent.taskId) : undefined;
    if (parentNode && PARALLEL.has(parentNode.definition?.type ?? "")) continue;
    const order = siblingOrder(flow, parentNode?.task);
    const rank = (r: TaskRun) => [order.get(r.taskId) ?? Number.MAX_SAFE_INTEGER, runs.indexOf(r)] as const;
    const [task, index] = rank(current);
    for (const r of runs) {
      if (r.parentTaskRunId !== current.parentTaskRunId || r === current) continue;
      const [t, i] = rank(r);
      if (t > task || (t === task && i > index)) addWithDescendants(r.id);
    }
  }
  return out;
}

/** Position of each child task id in its parent's lists (the flow's own lists at the top). */
function siblingOrder(flow: Flow, parent: Task | undefined): Map<string, number> {
  const tasks = parent
    ? (() => {
        const definition = flowTree(flow).node(parent.id)?.definition;
        return definition?.kind === "flowable" ? definition.children(parent).map((c) => c.task) : [];
      })()
    : [...flow.tasks, ...(flow.errors ?? []), ...(flow.finally ?? [])];
  return new Map(tasks.map((t, i) => [t.id, i]));
}
