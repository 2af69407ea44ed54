import { z } from "zod";
import { int } from "@/engine/flow/values";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inParallel } from "./branches";
import { loopValues } from "./for-each";
import { loopChildren } from "./loop";

/** Deprecated in Kestra 0.19 in favour of ForEach; still in many flows. */
export const eachParallel = defineFlowable({
  type: "io.kestra.plugin.core.flow.EachParallel",
  aliases: ["io.kestra.core.tasks.flows.EachParallel"],
  title: "Run tasks once per value, iterations in parallel",
  properties: ({ task }) =>
    z.object({
      value: loopValues(),
      /** Iterations running at once; 0 means no limit. */
      concurrent: int({ min: 0 }).default(0),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  // Every task of every value at once (Kestra's EachParallel), up to `concurrent`.
  async next(ctx) {
    return inParallel(ctx, await loopChildren(ctx, ctx.props.value, ctx.props.tasks), ctx.props.concurrent);
  },
  async state(ctx) {
    return endState(ctx, await loopChildren(ctx, ctx.props.value, ctx.props.tasks));
  },
});
