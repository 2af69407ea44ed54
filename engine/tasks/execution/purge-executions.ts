import { z } from "zod";
import { dynBool, expression, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { checkEach, executionsOf, renderBool, renderDate, renderOptional, renderStringList } from "./common";

const STATES = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRYING", "RETRIED", "SKIPPED"] as const;

/**
 * Kestra's execution.PurgeExecutions: deletes the tenant's ended executions of a namespace (a
 * prefix, or the flow's namespace with `flowId`), a flow or one execution, started between
 * `startDate` and `endDate` (required), in the listed states (any by default), with their
 * logs, metrics and internal storage files as the `purge*` flags say. Without `namespace`,
 * every namespace the flow reaches. An execution still running, and this one, are never
 * purged.
 */
export const purgeExecutions = defineRunnable({
  type: "io.kestra.plugin.core.execution.PurgeExecutions",
  aliases: ["io.kestra.core.tasks.storages.Purge", "io.kestra.plugin.core.storage.Purge"],
  title: "Purge executions, their logs, metrics and files",
  properties: z.object({
    namespace: text().optional(),
    flowId: text().optional(),
    executionId: text().optional(),
    startDate: text().optional(),
    endDate: text(),
    states: z.union([z.array(text()), expression], { error: "expected a list or a {{ expression }}" }).optional(),
    purgeExecution: dynBool().default(true),
    purgeLog: dynBool().default(true),
    purgeMetric: dynBool().default(true),
    purgeStorage: dynBool().default(true),
    batchSize: z.unknown().optional(),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = await renderOptional(ctx, props.namespace);
    const flowId = await renderOptional(ctx, props.flowId);
    if (flowId !== undefined && namespace === undefined) throw new Error("`namespace` is required with `flowId`");
    const states = checkEach(await renderStringList(ctx, props.states), STATES, "states");
    const counts = await executionsOf(ctx).purge({
      namespace,
      flowId,
      executionId: await renderOptional(ctx, props.executionId),
      startDate: await renderDate(ctx, props.startDate, "startDate"),
      endDate: (await renderDate(ctx, props.endDate, "endDate"))!,
      states: states?.length ? states : undefined,
      execution: await renderBool(ctx, props.purgeExecution),
      log: await renderBool(ctx, props.purgeLog),
      metric: await renderBool(ctx, props.purgeMetric),
      storage: await renderBool(ctx, props.purgeStorage),
    });
    return { outputs: { ...counts, taskOutputsCount: 0 } };
  },
});
