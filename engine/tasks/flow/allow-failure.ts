import { z } from "zod";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

/** A Sequential whose failure ends as WARNING instead of failing the execution. */
export const allowFailure = defineFlowable({
  type: "io.kestra.plugin.core.flow.AllowFailure",
  aliases: ["io.kestra.core.tasks.flows.AllowFailure"],
  title: "Run tasks sequentially; a failure only makes the task WARNING",
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
    return endState(ctx, ctx.resolve(ctx.props.tasks) ?? [], true);
  },
});
