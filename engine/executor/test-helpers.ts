import type { Flow } from "@/engine/flow/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createExecution } from "./create";
import type { Execution, TaskRun } from "./types";

/** Helpers for the executor's unit tests: flows from YAML, counters for ids, a fixed clock. */
export function flowOf(yaml: string): Flow {
  const result = validateFlowSource(yaml);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.flow;
}

export function counterIds(prefix = "id"): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export const T0 = new Date("2025-01-01T00:00:00.000Z");

export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

export function newExecution(flow: Flow, inputs: Record<string, unknown> = {}): Execution {
  return createExecution({ flow, revision: 1, inputs, now: T0, id: "exec1" });
}

export function runOf(execution: Execution, taskId: string, value?: string): TaskRun {
  const run = execution.taskRunList.find((r) => r.taskId === taskId && (value === undefined || r.value === value));
  if (!run) throw new Error(`no run of ${taskId} in ${execution.taskRunList.map((r) => r.taskId).join(", ")}`);
  return run;
}

/** "taskId:STATE" for every task run, in creation order. */
export function summary(execution: Execution): string[] {
  return execution.taskRunList.map((r) => `${r.taskId}${r.value === null ? "" : `[${r.value}]`}:${r.state.current}`);
}
