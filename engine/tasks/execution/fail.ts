import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const fail = defineRunnable({
  type: "io.kestra.plugin.core.execution.Fail",
  aliases: ["io.kestra.core.tasks.executions.Fail"],
  title: "Fail the execution, always or when a condition renders true",
  properties: z.object({
    condition: text().optional(),
    errorMessage: text().default("Task failure"),
  }),
  async run(ctx) {
    if (ctx.props.condition !== undefined && !(await ctx.condition(ctx.props.condition))) return;
    throw new Error(await ctx.render(ctx.props.errorMessage));
  },
});
