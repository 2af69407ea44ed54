import { parse } from "yaml";
import { z } from "zod";
import { text } from "@/engine/flow/values";
import type { Task } from "../common";
import { defineRunnable, type RunnableTaskDefinition, type TaskDefinition } from "../define";

const TYPE = "io.kestra.plugin.core.templating.TemplatedTask";

type Registry = { findTask(type: string): TaskDefinition | undefined; taskSchema: z.ZodType<Task, unknown> };
let registry: Registry | undefined;

/** Called by the registry once built (it lists this task, so this file cannot import it). */
export function bindTemplatedTaskRegistry(value: Registry): void {
  registry = value;
}

/**
 * Kestra's TemplatedTask: `spec` is rendered, read as a task, and that task runs in this
 * task run's place (its outputs are this run's). Only runnable tasks, and never another
 * TemplatedTask, as Kestra.
 */
export const templatedTask = defineRunnable({
  type: TYPE,
  aliases: ["io.kestra.core.tasks.templating.TemplatedTask"],
  title: "Run a task whose definition is rendered from a template",
  properties: z.object({ spec: text() }),
  async run(ctx) {
    const source = await ctx.render(ctx.props.spec);
    let raw: unknown;
    try {
      raw = parse(source);
    } catch (error) {
      throw new Error(`The templated task spec is not valid YAML: ${(error as Error).message}`);
    }
    if (!registry) throw new Error("TemplatedTask: the task registry is not ready");
    const { findTask, taskSchema } = registry;
    const candidate: Record<string, unknown> = { id: ctx.task.id, ...(raw as Record<string, unknown>) };
    const definition = typeof candidate.type === "string" ? findTask(candidate.type) : undefined;
    if (definition?.type === TYPE) throw new Error(`The templated task cannot be of type '${TYPE}'`);
    if (definition && (definition.kind !== "runnable" || !definition.run)) throw new Error("The templated task must be a runnable task");
    const parsed = taskSchema.safeParse(candidate);
    if (!parsed.success || !definition) {
      const why = parsed.success ? `unknown task type "${String(candidate.type)}"` : parsed.error.issues.map((i) => `${i.path.join(".") || "spec"} ${i.message}`).join("; ");
      throw new Error(`The templated task spec is not a valid task: ${why}`);
    }
    const task = parsed.data as Task;
    return (definition as RunnableTaskDefinition).run!({ ...ctx, props: task, task } as never);
  },
});
