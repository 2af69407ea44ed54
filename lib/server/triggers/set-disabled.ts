import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { setTriggerDisabled, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";
import { loadTrigger } from "./access";

export type SetDisabledInput = {
  ctx: { tenantId: string; userId: string };
  /** Whether the caller may update triggers in a namespace. */
  can: (namespace: string) => boolean;
  key: TriggerKey;
  disabled: boolean;
};

/**
 * Disables or enables a trigger (Kestra's PUT /triggers with `disabled`), with its audit
 * entry, in one transaction. Enabling a Schedule schedules it from now: dates it missed
 * while disabled never fire.
 */
export async function setTriggerDisabledOperation(input: SetDisabledInput) {
  const { ctx, key } = input;
  return withTenant(ctx, async (tx) => {
    const { flow, definition } = await loadTrigger(tx, key);
    if (!input.can(key.namespace)) throw new ApiError("forbidden", `Missing permission TRIGGER:UPDATE in namespace ${key.namespace}`);
    const row = await setTriggerDisabled(tx, { key, disabled: input.disabled, definition: definition as never, flowDisabled: flow.disabled });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorId: ctx.userId,
      action: "UPDATE",
      resourceType: "TRIGGER",
      resourceId: `${key.namespace}.${key.flowId}.${key.triggerId}`,
      detail: { disabled: input.disabled },
    });
    return row!;
  });
}
