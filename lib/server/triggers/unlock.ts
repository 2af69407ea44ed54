import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { unlockTrigger, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";
import { loadTrigger } from "./access";

/**
 * Drops a trigger's lease (Kestra's unlock): a scheduler may take it again at once instead
 * of waiting for the lease to expire. With its audit entry, in one transaction.
 */
export async function unlockTriggerOperation(input: { ctx: { tenantId: string; userId: string }; can: (namespace: string) => boolean; key: TriggerKey }) {
  const { ctx, key } = input;
  return withTenant(ctx, async (tx) => {
    const { row } = await loadTrigger(tx, key);
    if (!input.can(key.namespace)) throw new ApiError("forbidden", `Missing permission TRIGGER:UPDATE in namespace ${key.namespace}`);
    if (!row.lockOwner) throw new ApiError("conflict", `Trigger ${key.namespace}.${key.flowId}.${key.triggerId} is not locked`);
    const unlocked = await unlockTrigger(tx, key);
    await recordAudit(tx, {
      tenantId: ctx.tenantId,
      actorId: ctx.userId,
      action: "UPDATE",
      resourceType: "TRIGGER",
      resourceId: `${key.namespace}.${key.flowId}.${key.triggerId}`,
      detail: { unlocked: row.lockOwner },
    });
    return unlocked!;
  });
}
