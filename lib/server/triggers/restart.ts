import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { restartTrigger, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";
import { loadTrigger } from "./access";

/**
 * Kestra's trigger restart: the trigger starts over as a fresh scheduler would find it: its
 * lease is dropped and a Schedule's next date is computed again from now (a backfill under
 * way stays, due at once). With its audit entry, in one transaction.
 */
export async function restartTriggerOperation(input: { ctx: { tenantId: string; userId: string }; can: (namespace: string) => boolean; key: TriggerKey; now?: Date }) {
  const { ctx, key } = input;
  return withTenant(ctx, async (tx) => {
    const { flow, definition } = await loadTrigger(tx, key);
    if (!input.can(key.namespace)) throw new ApiError("forbidden", `Missing permission TRIGGER:UPDATE in namespace ${key.namespace}`);
    const row = await restartTrigger(tx, { key, definition: definition as never, flowDisabled: flow.disabled, now: input.now ?? new Date() });
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorId: ctx.userId,
      action: "UPDATE",
      resourceType: "TRIGGER",
      resourceId: `${key.namespace}.${key.flowId}.${key.triggerId}`,
      detail: { restarted: true },
    });
    return row!;
  });
}
