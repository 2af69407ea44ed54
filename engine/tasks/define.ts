import type { z } from "zod";
import type { Condition, Task } from "./common";

/**
 * A plugin definition: one per Kestra type, one file each. The file exports
 * the definition built with `defineRunnable`, `defineFlowable`,
 * `defineTrigger` or `defineCondition`, and `registry.ts` lists it.
 *
 * Behaviour is added in the same file later, as a field of the definition:
 *
 *   export const log = defineRunnable({
 *     type: "io.kestra.plugin.core.log.Log",
 *     properties: z.object({ message: ..., level: ... }),
 *     run: async (ctx) => { ctx.logger.log(ctx.props.level, ctx.props.message) },
 *   });
 *
 * by extending `RunnableTaskDefinition` with `run?(ctx: RunContext<z.output<P>>)`
 * and `FlowableTaskDefinition` with `next?(...)`. The generic `P` carries the
 * properties schema into those signatures, so `ctx.props` is typed from the
 * same zod schema that validated the YAML. Declare them with method syntax
 * (`run?(ctx): ...`, not `run?: (ctx) => ...`) so that a definition with
 * specific properties still fits the registry's `TaskDefinition[]`.
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
  /** Type-specific properties; common ones (id, retry, ...) are added by the registry. */
  properties: PropertiesOf<P>;
};

/** A child task with its path relative to the parent task (`["then", 0]`). */
export type ChildTask = { path: (string | number)[]; task: Task };

/** Executes on a worker: its output comes from running code. */
export type RunnableTaskDefinition<P extends Properties = Properties> = Base<P> & {
  kind: "runnable";
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
