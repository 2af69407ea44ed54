import type { Flow } from "@/engine/flow/schema";
import { allTasks } from "@/engine/flow/walk";
import type { Task } from "@/engine/tasks/common";
import type { TaskDefinition } from "@/engine/tasks/define";
import { findTask } from "@/engine/tasks/registry";

/**
 * Where each task of a flow sits: its definition, its parent task and the list that holds
 * it (`tasks`, `errors`, `finally`, `then`, a Switch case...). Built once per flow object.
 */
export type TaskNode = {
  task: Task;
  definition: TaskDefinition | undefined;
  parent: Task | undefined;
  /** First path segment under the parent (or the flow): "tasks", "errors", "finally", "then", "cases"... */
  list: string;
};

export type FlowTree = {
  node(taskId: string): TaskNode | undefined;
  /** Every task that sits in an `errors` or `finally` list, at any depth, with its descendants. */
  errorsAndFinally: ReadonlySet<string>;
};

const trees = new WeakMap<object, FlowTree>();

export function flowTree(flow: Flow): FlowTree {
  const cached = trees.get(flow);
  if (cached) return cached;
  const nodes = new Map<string, TaskNode>();
  const visits = allTasks(flow);
  for (const { task, path, parent } of visits) {
    const list = parent ? listOf(path) : String(path[0]);
    nodes.set(task.id, { task, definition: findTask(task.type), parent, list });
  }
  const errorsAndFinally = new Set<string>();
  const inBranch = (id: string): boolean => {
    for (let node = nodes.get(id); node; node = node.parent ? nodes.get(node.parent.id) : undefined) {
      if (node.list === "errors" || node.list === "finally") return true;
    }
    return false;
  };
  for (const id of nodes.keys()) if (inBranch(id)) errorsAndFinally.add(id);
  const tree: FlowTree = { node: (id) => nodes.get(id), errorsAndFinally };
  trees.set(flow, tree);
  return tree;
}

/** The list key of a child path relative to its parent: the segment after the parent's own path. */
function listOf(path: (string | number)[]): string {
  // Paths look like [..., parentIndex, "then", 0] or [..., "cases", "FIRST", 0] or [..., "tasks", 2, "task"].
  for (let i = path.length - 1; i >= 0; i--) {
    if (typeof path[i] === "number" && typeof path[i - 1] === "string") {
      const key = path[i - 1] as string;
      if (key === "tasks" && path[i + 1] === "task") return "tasks";
      return typeof path[i - 2] === "string" && path[i - 2] === "cases" ? "cases" : key;
    }
  }
  return "tasks";
}

export function isFlowableTask(flow: Flow, taskId: string): boolean {
  return flowTree(flow).node(taskId)?.definition?.kind === "flowable";
}
