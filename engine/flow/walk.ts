import type { Task } from "@/engine/tasks/common";
import { findTask } from "@/engine/tasks/registry";
import type { PathSegment } from "./locate";
import type { Flow } from "./schema";

export type TaskVisit = { task: Task; path: PathSegment[]; parent?: Task };

const ROOT_LISTS = ["tasks", "errors", "finally", "afterExecution"] as const;

/**
 * Every task of a flow, depth first in document order: top-level lists, then
 * each flowable's children (branches, errors, finally) before its next sibling.
 */
export function allTasks(flow: Pick<Flow, (typeof ROOT_LISTS)[number]>): TaskVisit[] {
  const out: TaskVisit[] = [];
  const visit = (task: Task, path: PathSegment[], parent?: Task) => {
    out.push({ task, path, parent });
    const def = findTask(task.type);
    if (def?.kind !== "flowable") return;
    for (const child of def.children(task)) visit(child.task, [...path, ...child.path], task);
  };
  for (const key of ROOT_LISTS) flow[key]?.forEach((task, i) => visit(task, [key, i]));
  return out;
}
