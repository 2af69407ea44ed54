import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const returnTask = defineRunnable({
  type: "io.kestra.plugin.core.debug.Return",
  aliases: ["io.kestra.core.tasks.debugs.Return"],
  title: "Render a template and return it as the `value` output",
  properties: z.object({
    format: text().optional(),
  }),
  async run(ctx) {
    const started = performance.now();
    const value = ctx.props.format === undefined ? null : await ctx.render(ctx.props.format);
    ctx.logger.debug(`Returning '${value ?? ""}'`);
    // Kestra's Return emits these two, tagged with the rendered text.
    const tags = { format: value };
    ctx.metrics.counter("length", value?.length ?? 0, tags);
    ctx.metrics.timer("duration", performance.now() - started, tags);
    return { outputs: { value } };
  },
});
