"use server";

import { z } from "zod";
import { allows } from "@/lib/permissions";
import { setTriggerDisabledOperation } from "@/lib/server/triggers/set-disabled";
import { unlockTriggerOperation } from "@/lib/server/triggers/unlock";
import { tenantAction } from "./wrapper";

const triggerKey = { namespace: z.string().min(1).max(150), flowId: z.string().min(1).max(100), triggerId: z.string().min(1).max(100) };

/** The triggers page's enable/disable toggle: an adapter over setTriggerDisabledOperation. */
export const setTriggerDisabled = tenantAction(
  { input: z.object({ ...triggerKey, disabled: z.enum(["true", "false"]) }), permission: ["TRIGGER", "UPDATE"] },
  async ({ input, ctx, grants }) => {
    const { namespace, flowId, triggerId } = input;
    await setTriggerDisabledOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId }, disabled: input.disabled === "true" });
  },
);

/** The triggers page's unlock button: an adapter over unlockTriggerOperation. */
export const unlockTrigger = tenantAction({ input: z.object(triggerKey), permission: ["TRIGGER", "UPDATE"] }, async ({ input, ctx, grants }) => {
  const { namespace, flowId, triggerId } = input;
  await unlockTriggerOperation({ ctx, can: (ns) => allows(grants, "TRIGGER", "UPDATE", ns), key: { namespace, flowId, triggerId } });
});
