import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { deleteBackfill, findTriggers, scheduleSpecOf, setBackfillPaused, setTriggerDisabled, unlockTrigger, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";
import { loadTrigger } from "./access";

export type BulkAction = { kind: "unlock" } | { kind: "setDisabled"; disabled: boolean } | { kind: "pauseBackfill"; paused: boolean } | { kind: "deleteBackfill" };

/** By-triggers: the listed triggers (each must exist: 404). By-query: the tenant's triggers matching, in the caller's namespaces. */
export type BulkSelection = { keys: TriggerKey[] } | { query: { q?: string; namespace?: string; flowId?: string }; scope: string[] | null };

export type BulkInput = {
  ctx: { tenantId: string; userId: string };
  /** Whether the caller may update triggers in a namespace. */
  can: (namespace: string) => boolean;
  selection: BulkSelection;
  action: BulkAction;
  now?: Date;
};

/** Most triggers one bulk call changes (Kestra's bulk endpoints are for a page's worth). */
export const MAX_BULK = 5000;

const name = (k: TriggerKey) => `${k.namespace}.${k.flowId}.${k.triggerId}`;

/** Applies the action to one trigger; false when it does not apply (not locked, no backfill). */
async function apply(tx: Tx, key: TriggerKey, action: BulkAction, now: Date): Promise<boolean> {
  const { row, flow, definition } = await loadTrigger(tx, key);
  switch (action.kind) {
    case "unlock":
      return row.lockOwner !== null && (await unlockTrigger(tx, key)) !== null;
    case "setDisabled":
      if (row.disabled === action.disabled) return false;
      return (await setTriggerDisabled(tx, { key, disabled: action.disabled, definition: definition as never, flowDisabled: flow.disabled, now })) !== null;
    case "pauseBackfill":
      if (!row.backfill || row.backfill.paused === action.paused) return false;
      return (await setBackfillPaused(tx, { key, paused: action.paused, now })) !== null;
    case "deleteBackfill": {
      if (!row.backfill) return false;
      const spec = definition ? scheduleSpecOf(definition as never) : null;
      return (await deleteBackfill(tx, { key, spec, active: !flow.disabled && !definition?.disabled, now })) !== null;
    }
  }
}

/**
 * Kestra's bulk trigger endpoints (`/by-triggers`, `/by-query`) for unlock, set-disabled and
 * the backfill's pause, unpause and delete: every change and one audit entry in one
 * transaction; a listed trigger the caller may not change refuses the whole call (403).
 * Returns Kestra's BulkResponse `{count}` (triggers changed).
 */
export async function bulkTriggerOperation(input: BulkInput): Promise<{ count: number }> {
  const now = input.now ?? new Date();
  return withTenant(input.ctx, async (tx) => {
    let keys: TriggerKey[];
    if ("keys" in input.selection) {
      keys = input.selection.keys;
      if (keys.length > MAX_BULK) throw new ApiError("unprocessable", `At most ${MAX_BULK} triggers per call`, [{ path: "triggers", message: "too many" }]);
      for (const key of keys) {
        if (!input.can(key.namespace)) throw new ApiError("forbidden", `Missing permission TRIGGER:UPDATE in namespace ${key.namespace}`);
      }
    } else {
      const { rows } = await findTriggers(tx, { ...input.selection.query, page: 1, size: MAX_BULK, scope: input.selection.scope });
      keys = rows.filter((r) => input.can(r.namespace)).map((r) => ({ namespace: r.namespace, flowId: r.flowId, triggerId: r.triggerId }));
    }
    const changed: string[] = [];
    for (const key of keys) if (await apply(tx, key, input.action, now)) changed.push(name(key));
    await recordAudit(tx, {
      tenantId: input.ctx.tenantId,
      actorId: input.ctx.userId,
      action: "UPDATE",
      resourceType: "TRIGGER",
      resourceId: changed.length === 1 ? changed[0] : `(${changed.length} triggers)`,
      detail: { bulk: input.action, triggers: changed.slice(0, 100), count: changed.length },
    });
    return { count: changed.length };
  });
}
