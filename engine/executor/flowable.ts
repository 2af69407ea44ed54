import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import type { TemplateValue } from "@/engine/template";
import type { Renderer } from "./render";
import type { ResolvedTask } from "./resolve";
import type { Execution, Label, StateType, TaskRun } from "./types";

/**
 * What a flowable task's `next`, `state` and `outputs` receive: the task run being
 * resolved, every task run of the execution, and templates bound to the run's variables.
 * Pure: no I/O beyond the injected template functions.
 */
export type FlowableContext<P = Record<string, unknown>> = {
  props: P;
  task: Task;
  taskRun: TaskRun;
  execution: Execution;
  flow: Flow;
  /** execution.taskRunList */
  runs: readonly TaskRun[];
  now: Date;
  render: Renderer["render"];
  renderTyped(template: string): Promise<TemplateValue>;
  renderRecursive: Renderer["renderRecursive"];
  condition: Renderer["condition"];
  renderRecursiveWith: Renderer["renderRecursiveWith"];
  /** The run's template variables (ForEachItem adds to its `taskrun`). */
  variables(): Record<string, unknown>;
  /** Kestra's FlowableUtils.resolveTasks: the given tasks placed under this run. */
  resolve(tasks: readonly Task[] | undefined): ResolvedTask[] | undefined;
};

/**
 * A timer of a task run: at `at`, the executor moves the run on. `resume` resumes a paused
 * run (Pause delay); a state ends the run in that state (Sleep: SUCCESS, Pause timeout: FAILED);
 * `update` sets the still RUNNING run's outputs and iteration (WaitFor's next iteration), after
 * which its `next` creates the children of that iteration.
 */
export type Timer =
  | { at: string; outcome: "resume" | StateType }
  | { at: string; outcome: "update"; update: { outputs: Record<string, unknown>; iteration: number | null } };

/** What a Subflow task asks the executor to start. */
export type SubflowStart = {
  namespace: string;
  flowId: string;
  revision?: number;
  inputs: Record<string, unknown>;
  labels: Label[];
  wait: boolean;
  transmitFailed: boolean;
  scheduleDate?: string;
};

/**
 * The executions a task starts at once (ForEachItem), one per iteration, and the run's
 * outputs while they run. No starts: the run ends SUCCESS at once with these outputs.
 */
export type SubflowBatch = {
  starts: SubflowStart[];
  outputs: Record<string, unknown> | null;
  wait: boolean;
};

/** A finished child execution as the Subflow task sees it. */
export type SubflowEnd = {
  child: Execution;
  childFlow: Flow;
  /** Renders templates against the child execution (the task's `outputs` property). */
  renderChild(value: unknown): Promise<unknown>;
};

export type SubflowOutcome = {
  state: StateType;
  outputs: Record<string, unknown>;
  /** Why the outputs could not be rendered, logged on the parent. */
  error?: string;
};
