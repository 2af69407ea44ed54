import { z } from "zod";
import { isLogLevel } from "@/engine/executor/context";
import { dynEnum, LOG_LEVELS, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const log = defineRunnable({
  type: "io.kestra.plugin.core.log.Log",
  aliases: ["io.kestra.core.tasks.log.Log"],
  title: "Log a message (or several) in the task logs",
  properties: z.object({
    message: z.union([text(), z.array(text())], {
      error: "expected a message or a list of messages",
    }),
    level: dynEnum(LOG_LEVELS).default("INFO"),
  }),
  async run(ctx) {
    const level = await ctx.render(ctx.props.level);
    if (!isLogLevel(level)) throw new Error(`Invalid log level '${level}', expected one of ${LOG_LEVELS.join(", ")}`);
    const messages = Array.isArray(ctx.props.message) ? ctx.props.message : [ctx.props.message];
    for (const message of messages) ctx.logger.log(level, await ctx.render(message));
  },
});
