import type { z } from "zod";
import type { RunOutcome, TaskContext } from "@/engine/executor/context";
import type { FlowableContext, SubflowEnd, SubflowOutcome, SubflowStart, SubflowBatch, Timer } from "@/engine/executor/flowable";
import type { ResolvedTask } from "@/engine/executor/resolve";
import type { StateType } from "@/engine/executor/types";
import type { Condition, Task } from "./common";

/**
 * A plugin definition: one per Kestra type, one file each. The file exports
 * the definition built with `defineRunnable`, `defineFlowable`,
 * `defineTrigger` or `defineCondition`, and `registry.ts` lists it.
 *
 * Behaviour lives in the same file, as methods of the definition:
 *
 *   export const log = defineRunnable({
 *     type: "io.kestra.plugin.core.log.Log",
 *     properties: z.object({ message: ..., level: ... }),
 *     async run(ctx) { ctx.logger.log(level, await ctx.render(ctx.props.message)) },
 *   });
 *
 * Runnables have `run(ctx: TaskContext)` (run by the shell's worker; `inline` ones by the
 * executor) or a `timer` (Sleep). Flowables have `next`, `state` and `outputs`, called by
 * the pure executor with a FlowableContext (Pause adds `timer` and `resumed`, Subflow
 * `subflow` and `subflowEnded`). The generic `P` carries the properties schema into those
 * signatures, so `ctx.props` is typed from the same zod schema that validated the YAML.
 * They are declared with method syntax (`run?(ctx): ...`, not `run?: (ctx) => ...`) so that
 * a definition with specific properties still fits the registry's `TaskDefinition[]`.
 */

/**
 * Schemas a definition may embed but cannot import (the registry builds them
 * from every definition, so importing would be a cycle): child tasks for
 * flowables, conditions for triggers and for the Not/Or conditions.
 */
export type Refs = {
  task: z.ZodType<Task, unknown>;
  condition: z.ZodType<Condition, unknown>;
};

export type Properties = z.ZodObject;
export type PropertiesOf<P extends Properties> = P | ((refs: Refs) => P);

type Base<P extends Properties> = {
  /** Full Kestra type, e.g. `io.kestra.plugin.core.log.Log`. */
  type: string;
  /** Other names Kestra accepts for this type (older packages). */
  aliases?: readonly string[];
  /** One line for editors and the plugin list. */
  title?: string;
  /**
   * Created by the engine inside another task (ForEachItem's split, items and merge), never
   * written in a flow: left out of the flow schema, its JSON schema and the editor's completion.
   */
  internal?: boolean;
  /** Type-specific properties; common ones (id, retry, ...) are added by the registry. */
  properties: PropertiesOf<P>;
};

/** A child task with its path relative to the parent task (`["then", 0]`). */
export type ChildTask = { path: (string | number)[]; task: Task };

/** Executes on a worker: its output comes from running code. */
export type RunnableTaskDefinition<P extends Properties = Properties> = Base<P> & {
  kind: "runnable";
  /** The task's work; throwing fails the attempt with the error's message. */
  run?(ctx: TaskContext<z.output<P>>): Promise<RunOutcome | void>;
  /**
   * Run by the executor itself instead of a worker (Kestra's execution-updating tasks such
   * as Labels): `run` gets no I/O services.
   */
  inline?: boolean;
  /** A task that only waits (Sleep): never sent to a worker, ended by its timer. */
  timer?(ctx: FlowableContext<z.output<P>>): Promise<Timer | undefined>;
};

/**
 * Decided by the executor, not run on a worker: it schedules children
 * (Sequential, If, ForEach...), waits (Pause), or starts other executions
 * (Subflow).
 */
export type FlowableTaskDefinition<P extends Properties = Properties> = Base<P> & {
  kind: "flowable";
  /** Every task nested in this one (all branches, errors, finally), one level deep. */
  children: (task: Task) => ChildTask[];
  /** Child task runs to create now (Kestra's resolveNexts). */
  next?(ctx: FlowableContext<z.output<P>>): Promise<ResolvedTask[]>;
  /** The end state once the children allow it, undefined while it must wait (resolveState). */
  state?(ctx: FlowableContext<z.output<P>>): Promise<StateType | undefined>;
  /** Whether its unfinished children are killed when it ends FAILED (Parallel's failFast). */
  killsOnFailure?(ctx: FlowableContext<z.output<P>>): boolean;
  /** Outputs stored on the task run when it is created (Switch: value, defaults). */
  outputs?(ctx: FlowableContext<z.output<P>>): Promise<Record<string, unknown> | undefined>;
  /** A waiting flowable (Pause): when and how its paused run moves on. */
  timer?(ctx: FlowableContext<z.output<P>>): Promise<Timer | undefined>;
  /** Outputs of a paused run resumed with these onResume inputs (Pause). */
  resumed?(ctx: FlowableContext<z.output<P>>, inputs: Record<string, unknown>): Record<string, unknown>;
  /** A task that starts another execution (Subflow): what to start... */
  subflow?(ctx: FlowableContext<z.output<P>>): Promise<SubflowStart>;
  /**
   * A task that starts several executions at once (ForEachItem's batches): what to start and
   * the run's outputs meanwhile; `subflowEnded` is then called once per child and answers
   * RUNNING until the last one ended.
   */
  subflows?(ctx: FlowableContext<z.output<P>>): Promise<SubflowBatch>;
  /** ...and how its run ends once that execution ended. */
  subflowEnded?(ctx: FlowableContext<z.output<P>>, end: SubflowEnd): Promise<SubflowOutcome>;
};

export type TriggerDefinition<P extends Properties = Properties> = Base<P> & { kind: "trigger" };
export type ConditionDefinition<P extends Properties = Properties> = Base<P> & { kind: "condition" };

export type TaskDefinition = RunnableTaskDefinition | FlowableTaskDefinition;
export type PluginDefinition = TaskDefinition | TriggerDefinition | ConditionDefinition;

export function defineRunnable<P extends Properties>(
  def: Omit<RunnableTaskDefinition<P>, "kind">,
): RunnableTaskDefinition<P> {
  return { kind: "runnable", ...def };
}

export function defineFlowable<P extends Properties>(
  def: Omit<FlowableTaskDefinition<P>, "kind">,
): FlowableTaskDefinition<P> {
  return { kind: "flowable", ...def };
}

export function defineTrigger<P extends Properties>(
  def: Omit<TriggerDefinition<P>, "kind">,
): TriggerDefinition<P> {
  return { kind: "trigger", ...def };
}

export function defineCondition<P extends Properties>(
  def: Omit<ConditionDefinition<P>, "kind">,
): ConditionDefinition<P> {
  return { kind: "condition", ...def };
}

/** The properties schema of a definition, resolving the factory form. */
export function propertiesOf<P extends Properties>(def: Base<P>, refs: Refs): P {
  return typeof def.properties === "function" ? def.properties(refs) : def.properties;
}
