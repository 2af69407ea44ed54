import { z } from "zod";
import { expression, logLevel, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { executionsOf, renderOptional, renderStringList } from "../execution/common";
import { findExecutionOf } from "../execution/target";

/**
 * Kestra's log.Fetch: the log lines of this execution (or of `executionId`, an execution of
 * the same tenant in a namespace the flow reaches) at or above `level`, of the `tasksId`
 * tasks only when listed, into an Ion file (one line per entry). Outputs `size` and `uri`.
 */
export const logFetch = defineRunnable({
  type: "io.kestra.plugin.core.log.Fetch",
  aliases: ["io.kestra.core.tasks.log.Fetch"],
  title: "Fetch the logs of an execution into a file",
  properties: z.object({
    namespace: text().optional(),
    flowId: text().optional(),
    executionId: text().optional(),
    tasksId: z.union([z.array(text()), expression], { error: "expected a list or a {{ expression }}" }).optional(),
    level: z.union([logLevel(), expression], { error: "expected ERROR, WARN, INFO, DEBUG, TRACE or a {{ expression }}" }).default("INFO"),
  }),
  async run(ctx) {
    const { props } = ctx;
    const target = await findExecutionOf(ctx, {
      namespace: await renderOptional(ctx, props.namespace),
      flowId: await renderOptional(ctx, props.flowId),
      executionId: await renderOptional(ctx, props.executionId),
    });
    const level = (await ctx.render(props.level)).trim().toUpperCase();
    if (!["ERROR", "WARN", "INFO", "DEBUG", "TRACE"].includes(level)) throw new Error(`Invalid level '${level}': expected ERROR, WARN, INFO, DEBUG or TRACE`);
    const taskIds = await renderStringList(ctx, props.tasksId);
    const lines = await executionsOf(ctx).logs({ executionId: target.id, minLevel: level, taskIds: taskIds?.length ? taskIds : undefined });
    if (lines === null) throw new Error(`No execution found for execution id ${target.id}`);
    // JSON text is Ion text: one entry per line, as Kestra's FileSerde writes them.
    const content = lines.map((l) => `${JSON.stringify(l)}\n`).join("");
    const uri = await ctx.storage.put(content, { extension: ".ion" });
    return { outputs: { size: lines.length, uri } };
  },
});
