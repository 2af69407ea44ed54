import { z } from "zod";
import { toLabels } from "@/engine/executor/labels";
import { dynamicLabels } from "@/engine/flow/labels";
import { defineRunnable } from "../define";

/**
 * Kestra's Labels task updates the execution itself, so the executor runs it (`inline`)
 * rather than a worker: the new labels apply before the next task starts.
 */
export const labelsTask = defineRunnable({
  type: "io.kestra.plugin.core.execution.Labels",
  aliases: ["io.kestra.core.tasks.executions.Labels"],
  title: "Add or override labels of the current execution",
  properties: z.object({
    labels: dynamicLabels(),
  }),
  inline: true,
  async run(ctx) {
    const raw = ctx.props.labels;
    if (typeof raw === "string") return { labels: toLabels(await ctx.renderTyped(raw)) };
    if (Array.isArray(raw)) {
      const labels = [];
      for (const { key, value } of raw) labels.push({ key: await ctx.render(key), value: await ctx.render(value) });
      return { labels };
    }
    return { labels: toLabels(await ctx.renderRecursive(raw)) };
  },
});
