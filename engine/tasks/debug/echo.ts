import { z } from "zod";
import { isLogLevel } from "@/engine/executor/context";
import { dynEnum, LOG_LEVELS, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

/** Kestra's deprecated Echo (Log replaces it): logs its rendered `format`. */
export const echo = defineRunnable({
  type: "io.kestra.plugin.core.debug.Echo",
  aliases: ["io.kestra.core.tasks.debugs.Echo"],
  title: "Log a message (deprecated: use Log)",
  properties: z.object({
    format: text(),
    level: dynEnum(LOG_LEVELS).default("INFO"),
  }),
  async run(ctx) {
    const level = await ctx.render(ctx.props.level);
    if (!isLogLevel(level)) throw new Error(`Invalid log level '${level}', expected one of ${LOG_LEVELS.join(", ")}`);
    ctx.logger.log(level, await ctx.render(ctx.props.format));
  },
});
