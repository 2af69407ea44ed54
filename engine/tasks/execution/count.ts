import { z } from "zod";
import { expression, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { checkEach, executionsOf, renderDate, renderStringList } from "./common";

const STATES = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "RETRYING", "RETRIED", "SKIPPED"] as const;
const DAY_MS = 24 * 3600 * 1000;

const list = () => z.union([z.array(text()), expression], { error: "expected a list or a {{ expression }}" });

/**
 * Kestra's execution.Count: counts the tenant's executions per flow (each listed flow, zero
 * included) and per listed namespace, started between `startDate` (default: 30 days ago) and
 * `endDate` (default: now), and keeps the rows for which `expression` (with `count`) is true.
 * Every flow's and namespace's namespace must be within the flow's reach.
 */
export const executionCount = defineRunnable({
  type: "io.kestra.plugin.core.execution.Count",
  aliases: ["io.kestra.core.tasks.executions.Counts"],
  title: "Count the executions of flows or namespaces",
  properties: z.object({
    flows: z.array(z.object({ namespace: z.string().min(1), flowId: z.string().min(1) })).optional(),
    namespaces: list().optional(),
    states: list().optional(),
    startDate: text().optional(),
    endDate: text().optional(),
    /** Keeps a row when it renders `true`, with `count` set to the row's count. */
    expression: text(),
  }),
  async run(ctx) {
    const { props } = ctx;
    if (props.flows === undefined && props.namespaces === undefined) throw new Error("You must provide a list of flows or namespaces.");
    const states = checkEach(await renderStringList(ctx, props.states), STATES, "states");
    const now = ctx.now().getTime();
    const startDate = (await renderDate(ctx, props.startDate, "startDate")) ?? new Date(now - 30 * DAY_MS).toISOString();
    const endDate = (await renderDate(ctx, props.endDate, "endDate")) ?? new Date(now).toISOString();
    const counts = await executionsOf(ctx).counts({
      flows: props.flows,
      namespaces: await renderStringList(ctx, props.namespaces),
      states: states?.length ? states : undefined,
      startDate,
      endDate,
    });
    ctx.logger.trace(`${counts.length} flows matching filters`);
    const results = [];
    for (const row of counts) {
      if ((await ctx.renderWith(props.expression, { count: row.count })).trim() === "true") results.push(row);
    }
    ctx.logger.debug(`${results.length} flows matching the expression`);
    return { outputs: { results, total: results.reduce((sum, r) => sum + r.count, 0) } };
  },
});
