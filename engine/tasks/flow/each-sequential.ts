import { z } from "zod";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";
import { loopValues } from "./for-each";
import { loopChildren } from "./loop";

/** Deprecated in Kestra 0.19 in favour of ForEach; still in many flows. */
export const eachSequential = defineFlowable({
  type: "io.kestra.plugin.core.flow.EachSequential",
  aliases: ["io.kestra.core.tasks.flows.EachSequential"],
  title: "Run tasks once per value, one iteration after the other",
  properties: ({ task }) =>
    z.object({
      value: loopValues(),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async next(ctx) {
    return inSequence(ctx, await loopChildren(ctx, ctx.props.value, ctx.props.tasks));
  },
  async state(ctx) {
    return endState(ctx, await loopChildren(ctx, ctx.props.value, ctx.props.tasks));
  },
});
