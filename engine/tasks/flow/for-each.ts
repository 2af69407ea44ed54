import { z } from "zod";
import { int, text } from "@/engine/flow/values";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { byIteration, endState, inSequence } from "./branches";
import { loopChildren } from "./loop";

/** A JSON array as a string (usually an expression), or a YAML list. */
export const loopValues = () =>
  z.union([text(), z.array(z.unknown())], {
    error: "expected a list, a JSON array string, or a {{ expression }}",
  });

export const forEach = defineFlowable({
  type: "io.kestra.plugin.core.flow.ForEach",
  title: "Run tasks once per value, sequentially or concurrently",
  properties: ({ task }) =>
    z.object({
      values: loopValues(),
      /** Iterations running at once; 0 means no limit, 1 is sequential. */
      concurrencyLimit: int({ min: 0 }).default(1),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async next(ctx) {
    const children = await loopChildren(ctx, ctx.props.values, ctx.props.tasks);
    // One iteration after the other, or up to `concurrencyLimit` iterations at once, each in sequence.
    if (ctx.props.concurrencyLimit === 1) return inSequence(ctx, children);
    return byIteration(ctx, children, ctx.props.concurrencyLimit);
  },
  async state(ctx) {
    return endState(ctx, await loopChildren(ctx, ctx.props.values, ctx.props.tasks));
  },
});
