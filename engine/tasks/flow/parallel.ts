import { z } from "zod";
import { int } from "@/engine/flow/values";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inParallel } from "./branches";

export const parallel = defineFlowable({
  type: "io.kestra.plugin.core.flow.Parallel",
  aliases: ["io.kestra.core.tasks.flows.Parallel"],
  title: "Run tasks in parallel",
  properties: ({ task }) =>
    z.object({
      /** How many children run at once; 0 means no limit. */
      concurrent: int({ min: 0 }).default(0),
      /** Kestra's failFast: when a child fails, the children still running are killed. */
      failFast: z.boolean().default(false),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async next(ctx) {
    return inParallel(ctx, ctx.resolve(ctx.props.tasks) ?? [], ctx.props.concurrent);
  },
  killsOnFailure: (ctx) => ctx.props.failFast,
  async state(ctx) {
    return endState(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
});
