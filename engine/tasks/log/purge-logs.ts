import { z } from "zod";
import { expression, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { checkEach, executionsOf, renderDate, renderOptional, renderStringList } from "../execution/common";

const LEVELS = ["ERROR", "WARN", "INFO", "DEBUG", "TRACE"] as const;

/**
 * Kestra's log.PurgeLogs: deletes the tenant's log lines of a namespace (a prefix, or the
 * flow's namespace with `flowId`), a flow or an execution, of the listed levels (all by
 * default), timestamped between `startDate` and `endDate` (required). Without `namespace`,
 * every namespace the flow reaches. Output `count`.
 */
export const purgeLogs = defineRunnable({
  type: "io.kestra.plugin.core.log.PurgeLogs",
  title: "Purge log lines",
  properties: z.object({
    namespace: text().optional(),
    flowId: text().optional(),
    executionId: text().optional(),
    logLevels: z.union([z.array(text()), expression], { error: "expected a list or a {{ expression }}" }).optional(),
    startDate: text().optional(),
    endDate: text(),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = await renderOptional(ctx, props.namespace);
    const flowId = await renderOptional(ctx, props.flowId);
    if (flowId !== undefined && namespace === undefined) throw new Error("`namespace` is required with `flowId`");
    const levels = checkEach(await renderStringList(ctx, props.logLevels), LEVELS, "logLevels");
    const count = await executionsOf(ctx).purgeLogs({
      namespace,
      flowId,
      executionId: await renderOptional(ctx, props.executionId),
      levels: levels?.length ? levels : undefined,
      startDate: await renderDate(ctx, props.startDate, "startDate"),
      endDate: (await renderDate(ctx, props.endDate, "endDate"))!,
    });
    return { outputs: { count, executionLogsCount: count, nonExecutionLogsCount: 0 } };
  },
});
