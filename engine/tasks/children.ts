import { z } from "zod";
import type { Task } from "./common";
import type { ChildTask } from "./define";

/** A list of child tasks that must hold at least one task. */
export const taskList = (task: z.ZodType<Task, unknown>, what = "tasks") =>
  z.array(task, { error: `expected a list of ${what}` }).min(1, `${what} must not be empty`);

/** An optional list of child tasks (errors, finally, else...). */
export const optionalTaskList = (task: z.ZodType<Task, unknown>) =>
  z.array(task, { error: "expected a list of tasks" }).optional();

/** `errors` and `finally`, which every flowable task accepts. */
export const branchShape = (task: z.ZodType<Task, unknown>) => ({
  errors: optionalTaskList(task),
  finally: optionalTaskList(task),
});

/** Children held in plain lists under the given keys, in that order. */
export function listChildren(task: Task, keys: readonly string[]): ChildTask[] {
  const out: ChildTask[] = [];
  for (const key of keys) {
    const list = task[key];
    if (!Array.isArray(list)) continue;
    list.forEach((child: Task, i) => out.push({ path: [key, i], task: child }));
  }
  return out;
}

/** Children held in a map of lists (`cases` of Switch). */
export function mapChildren(task: Task, key: string): ChildTask[] {
  const map = task[key];
  if (!map || typeof map !== "object") return [];
  return Object.entries(map as Record<string, Task[]>).flatMap(([name, list]) =>
    list.map((child, i) => ({ path: [key, name, i], task: child })),
  );
}
