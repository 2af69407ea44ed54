import { z } from "zod";
import { bool, expression, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { executionsOf, renderBool, renderOptional } from "../execution/common";

/**
 * Kestra's trigger.Toggle: enables or disables a trigger in its state, as the API's disable
 * does (a Schedule enabled again is due next after now; a disabled Flow trigger or Webhook
 * starts nothing). The trigger is `trigger` of `flowId` in `namespace` (by default this
 * flow's), always in the execution's own tenant; another namespace only where the namespace
 * rule lets this flow reach it. An unknown flow or trigger fails the task. As Kestra,
 * `enabled` is false by default: a Toggle without it disables.
 */
export const triggerToggle = defineRunnable({
  type: "io.kestra.plugin.core.trigger.Toggle",
  aliases: ["io.kestra.core.tasks.trigger.Toggle"],
  title: "Enable or disable a trigger",
  properties: z.object({
    namespace: text().optional(),
    flowId: text().optional(),
    trigger: text().pipe(z.string().min(1, { error: "the id of the trigger to toggle is required" })),
    enabled: z.union([bool(), expression], { error: "expected true, false or a {{ expression }}" }).default(false),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = (await renderOptional(ctx, props.namespace)) ?? ctx.flow.namespace;
    const flowId = (await renderOptional(ctx, props.flowId)) ?? ctx.flow.id;
    const triggerId = (await ctx.render(props.trigger)).trim();
    if (triggerId === "") throw new Error("`trigger` rendered empty: give the id of the trigger to toggle");
    const enabled = await renderBool(ctx, props.enabled);
    await executionsOf(ctx).toggleTrigger({ namespace, flowId, triggerId, enabled });
    ctx.logger.info(`Trigger ${triggerId} of the flow ${namespace}.${flowId} ${enabled ? "enabled" : "disabled"}`);
    return { outputs: {} };
  },
});
