import { z } from "zod";
import type { FlowableContext } from "@/engine/executor/flowable";
import { text } from "@/engine/flow/values";
import type { Task } from "../common";
import { branchShape, listChildren, mapChildren, optionalTaskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

type Props = { value: string; cases?: Record<string, Task[]>; defaults?: Task[] };

/** The rendered value, as stored in the run's outputs when it started. */
async function value(ctx: FlowableContext<Props>): Promise<string> {
  const stored = ctx.taskRun.outputs?.value;
  return typeof stored === "string" ? stored : ctx.render(ctx.props.value);
}

function caseOf(props: Props, rendered: string): Task[] | undefined {
  return props.cases && Object.hasOwn(props.cases, rendered) ? props.cases[rendered] : undefined;
}

/**
 * The matching case, else the defaults. With neither, Kestra's FlowableUtils.resolveState
 * finds no task and fails the run ("No task found on flow ..."): so does this.
 */
async function branch(ctx: FlowableContext<Props>) {
  const rendered = await value(ctx);
  const tasks = caseOf(ctx.props, rendered) ?? ctx.props.defaults;
  if (!tasks) {
    throw new Error(`No task found on flow '${ctx.execution.namespace}.${ctx.execution.flowId}', task '${ctx.task.id}', execution '${ctx.execution.id}'`);
  }
  return ctx.resolve(tasks) ?? [];
}

export const switchTask = defineFlowable({
  type: "io.kestra.plugin.core.flow.Switch",
  aliases: ["io.kestra.core.tasks.flows.Switch"],
  title: "Run the tasks of the case matching a value",
  properties: ({ task }) =>
    z
      .object({
        value: text(),
        cases: z.record(z.string(), z.array(task)).optional(),
        // Kestra accepts `defaults: null` written out: no default.
        defaults: optionalTaskList(task)
          .nullable()
          .transform((v) => v ?? undefined),
        ...branchShape(task),
      })
      .refine((v) => v.cases !== undefined || v.defaults !== undefined, {
        message: "a Switch needs cases or defaults",
        path: ["cases"],
      }),
  children: (task) => [
    ...mapChildren(task, "cases"),
    ...listChildren(task, ["defaults", "errors", "finally"]),
  ],
  async outputs(ctx) {
    const rendered = await ctx.render(ctx.props.value);
    return { value: rendered, defaults: caseOf(ctx.props, rendered) === undefined };
  },
  async next(ctx) {
    return inSequence(ctx, await branch(ctx));
  },
  async state(ctx) {
    return endState(ctx, await branch(ctx));
  },
});
