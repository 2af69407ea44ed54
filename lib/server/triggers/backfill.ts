import { withTenant } from "@/db/tenant";
import { recordAudit } from "@/db/queries/access";
import { deleteBackfill, scheduleSpecOf, setBackfillPaused, startBackfill, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";
import { loadTrigger } from "./access";

type Caller = { ctx: { tenantId: string; userId: string }; can: (namespace: string) => boolean; key: TriggerKey };

export type BackfillInput = { start: Date; end?: Date; inputs?: Record<string, unknown>; labels?: { key: string; value: string }[] };

const name = (key: TriggerKey) => `${key.namespace}.${key.flowId}.${key.triggerId}`;

/** Loads the trigger and checks the caller may change it; in the tenant's transaction. */
async function changeable(tx: Parameters<typeof loadTrigger>[0], caller: Caller) {
  const loaded = await loadTrigger(tx, caller.key);
  if (!caller.can(caller.key.namespace)) throw new ApiError("forbidden", `Missing permission TRIGGER:UPDATE in namespace ${caller.key.namespace}`);
  return loaded;
}

async function audit(tx: Parameters<typeof loadTrigger>[0], caller: Caller, detail: Record<string, unknown>) {
  await recordAudit(tx, { tenantId: caller.ctx.tenantId, actorId: caller.ctx.userId, action: "UPDATE", resourceType: "TRIGGER", resourceId: name(caller.key), detail });
}

/** Creates a backfill of a Schedule (Kestra's PUT /triggers with `backfill`), with its audit entry. */
export async function createBackfillOperation(caller: Caller & { backfill: BackfillInput; now?: Date }) {
  const now = caller.now ?? new Date();
  return withTenant(caller.ctx, async (tx) => {
    const { row, flow, definition } = await changeable(tx, caller);
    const spec = definition ? scheduleSpecOf(definition as never) : null;
    if (!spec) throw new ApiError("unprocessable", `Trigger ${name(caller.key)} is not a Schedule: only schedules can be backfilled`, [{ path: "triggerId", message: "not a Schedule" }]);
    if (flow.disabled || row.disabled || definition?.disabled) throw new ApiError("conflict", `Trigger ${name(caller.key)} is disabled`);
    if (row.backfill) throw new ApiError("conflict", `Trigger ${name(caller.key)} already has a backfill; delete it first`);
    const end = caller.backfill.end ?? now;
    if (caller.backfill.start.getTime() > end.getTime()) throw new ApiError("unprocessable", "The backfill starts after it ends", [{ path: "backfill.start", message: "after end" }]);
    if (end.getTime() > now.getTime()) throw new ApiError("unprocessable", "A backfill covers past dates only", [{ path: "backfill.end", message: "in the future" }]);
    let updated;
    try {
      updated = await startBackfill(tx, { key: caller.key, spec, start: caller.backfill.start, end, inputs: caller.backfill.inputs ?? null, labels: caller.backfill.labels ?? null, now });
    } catch (error) {
      if (error instanceof RangeError) throw new ApiError("unprocessable", error.message, [{ path: "backfill.start", message: error.message }]);
      throw error;
    }
    await audit(tx, caller, { backfill: { start: caller.backfill.start.toISOString(), end: end.toISOString() } });
    return updated!;
  });
}

/** Pauses or resumes a trigger's backfill, with its audit entry. */
export async function pauseBackfillOperation(caller: Caller & { paused: boolean }) {
  return withTenant(caller.ctx, async (tx) => {
    await changeable(tx, caller);
    const row = await setBackfillPaused(tx, { key: caller.key, paused: caller.paused, now: new Date() });
    if (!row) throw new ApiError("conflict", `Trigger ${name(caller.key)} has no backfill`);
    await audit(tx, caller, { backfillPaused: caller.paused });
    return row;
  });
}

/** Deletes a trigger's backfill, with its audit entry; the regular schedule goes on from now. */
export async function deleteBackfillOperation(caller: Caller) {
  return withTenant(caller.ctx, async (tx) => {
    const { flow, definition } = await changeable(tx, caller);
    const spec = definition ? scheduleSpecOf(definition as never) : null;
    const row = await deleteBackfill(tx, { key: caller.key, spec, active: !flow.disabled && !definition?.disabled, now: new Date() });
    if (!row) throw new ApiError("conflict", `Trigger ${name(caller.key)} has no backfill`);
    await audit(tx, caller, { backfillDeleted: true });
    return row;
  });
}
