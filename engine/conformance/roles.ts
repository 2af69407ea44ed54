import type { Execution, TaskRun } from "@/engine/executor/types";
import { iterationValues } from "@/engine/executor/variables";
import type { RefResolver } from "./matchers";
import type { ConformanceDriver, TaskRunPicker } from "./types";

/**
 * What both the execution and the task-run checks need (roles, `$ref`s, picking a task
 * run): here so that expect.ts and expect-task-run.ts do not import each other.
 */

/** The executions an expectation's `$ref`s and comparisons talk about. */
export type Roles = {
  execution: Execution;
  root?: Execution;
  parent?: Execution;
  child?: Execution;
  original?: Execution;
  /** The execution a follow-up was applied to (sameExecution, newTaskRunId...). */
  before?: Execution;
};

export type Check = { driver: ConformanceDriver; roles: Roles; all: Execution[] };

export function refsFor(roles: Roles): RefResolver {
  return (ref) => {
    if (ref === "execution.id") return roles.execution.id;
    const role = /^(\w+)\.execution\.id$/.exec(ref);
    if (role) return (roles[role[1] as keyof Roles] as Execution | undefined)?.id;
    const taskRun = /^taskrun\[(.+)\]\.id$/.exec(ref);
    if (taskRun) return roles.execution.taskRunList.find((r) => r.taskId === taskRun[1])?.id;
    const value = /^(.+)\[(.*)\]\.value$/.exec(ref);
    if (value) {
      const iteration = value[2].split(",").map((v) => v.trim()).filter(Boolean);
      const run = pick(roles.execution, { taskId: value[1], iteration });
      return run?.outputs?.value;
    }
    return undefined;
  };
}

/** A task run by `taskId` (the first), `iteration` (loop values down to it) and/or `index`. */
export function pick(execution: Execution, picker: TaskRunPicker): TaskRun | undefined {
  if (picker.index !== undefined) {
    const run = execution.taskRunList[picker.index];
    if (!run || (picker.taskId !== undefined && run.taskId !== picker.taskId)) return undefined;
    return run;
  }
  return execution.taskRunList.find(
    (r) =>
      (picker.taskId === undefined || r.taskId === picker.taskId) &&
      (picker.iteration === undefined || JSON.stringify(iterationValues(execution, r)) === JSON.stringify(picker.iteration)),
  );
}

