import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { executionsOf, renderOptional } from "./common";
import { findExecutionOf } from "./target";

/**
 * Kestra's execution.Resume: resumes a PAUSED execution of the tenant, `executionId` (with
 * its `namespace`/`flowId`, by default this flow's), or without one the execution that
 * started this one (a Subflow's parent, a Flow trigger's upstream), passing `inputs` to its Pause's `onResume`.
 * Output `resumedExecution` (`id`, `namespace`, `flowId`).
 */
export const executionResume = defineRunnable({
  type: "io.kestra.plugin.core.execution.Resume",
  title: "Resume a paused execution",
  properties: z.object({
    namespace: text().optional(),
    flowId: text().optional(),
    executionId: text().optional(),
    inputs: z.union([z.record(z.string(), z.unknown()), text()]).optional(),
  }),
  async run(ctx) {
    const { props } = ctx;
    let executionId = await renderOptional(ctx, props.executionId);
    let namespace = await renderOptional(ctx, props.namespace);
    let flowId = await renderOptional(ctx, props.flowId);
    if (executionId === undefined) {
      // The execution that started this one: a Subflow's parent (or a Flow trigger's upstream).
      const started = ctx.execution.trigger?.variables?.executionId;
      const parentId = typeof started === "string" ? started : ctx.execution.parentId;
      if (!parentId) throw new Error("No execution to resume: set `executionId` (this execution was not started by another one)");
      const parent = await executionsOf(ctx).find(parentId);
      if (!parent) throw new Error(`No execution found for execution id ${parentId}`);
      executionId = parent.id;
      namespace ??= parent.namespace;
      flowId ??= parent.flowId;
    }
    const target = await findExecutionOf(ctx, { namespace, flowId, executionId });
    if (target.id === ctx.execution.id) throw new Error("An execution cannot resume itself: it is running");
    if (target.state !== "PAUSED") throw new Error(`Execution ${target.id} is not paused (${target.state})`);
    const rendered = props.inputs === undefined ? {} : typeof props.inputs === "string" ? await ctx.renderTyped(props.inputs) : await ctx.renderRecursive(props.inputs, { typed: true });
    if (rendered === null || typeof rendered !== "object" || Array.isArray(rendered)) throw new Error("`inputs` must be a map of onResume input values");
    const resumed = await executionsOf(ctx).resume({ executionId: target.id, inputs: rendered as Record<string, unknown> });
    return { outputs: { resumedExecution: resumed } };
  },
});
