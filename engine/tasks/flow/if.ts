import { z } from "zod";
import type { FlowableContext } from "@/engine/executor/flowable";
import { text } from "@/engine/flow/values";
import type { Task } from "../common";
import { branchShape, listChildren, optionalTaskList, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

type Props = { condition: string; then: Task[]; else?: Task[] };

/** `then` or `else` by the condition, rendered at each decision as Kestra does. */
async function branch(ctx: FlowableContext<Props>) {
  const chosen = (await ctx.condition(ctx.props.condition)) ? ctx.props.then : ctx.props.else;
  return ctx.resolve(chosen) ?? [];
}

export const ifTask = defineFlowable({
  type: "io.kestra.plugin.core.flow.If",
  aliases: ["io.kestra.core.tasks.flows.If"],
  title: "Run `then` or `else` depending on a condition",
  properties: ({ task }) =>
    z.object({
      /** Rendered; true, "true" or a non-zero number run `then`. */
      condition: text(),
      then: taskList(task, "then tasks"),
      else: optionalTaskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["then", "else", "errors", "finally"]),
  async next(ctx) {
    return inSequence(ctx, await branch(ctx));
  },
  async state(ctx) {
    return endState(ctx, await branch(ctx));
  },
});
