import { z } from "zod";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

export const sequential = defineFlowable({
  type: "io.kestra.plugin.core.flow.Sequential",
  aliases: ["io.kestra.core.tasks.flows.Sequential"],
  title: "Run tasks one after the other",
  properties: ({ task }) =>
    z.object({
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async next(ctx) {
    return inSequence(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
  async state(ctx) {
    return endState(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
});
