import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { workItems } from "../schema";
import { rowsOf } from "./raw";

export type WorkItem = typeof workItems.$inferSelect;

/**
 * Asks for the execution to be advanced at `runAt` (now by default). An item that exists
 * keeps the earlier time and counts one more request, so a worker holding it knows to
 * look again. Runs inside withTenant.
 */
export async function enqueueWork(tx: Tx, { tenantId, executionId, runAt }: { tenantId: string; executionId: string; runAt?: Date }) {
  const at = (runAt ?? new Date()).toISOString();
  // One round trip; the NOTIFY (delivered at commit) wakes workers of other processes.
  await tx.execute(sql`
    with queued as (
      insert into work_items (tenant_id, execution_id, run_at) values (${tenantId}, ${executionId}, ${at}::timestamptz)
      on conflict (tenant_id, execution_id)
      do update set run_at = least(work_items.run_at, excluded.run_at), requests = work_items.requests + 1
      returning 1
    )
    select pg_notify('switchyard_work', '') from queued`);
}

/**
 * Leases up to `limit` due items across tenants (inside withWorkQueue). SKIP LOCKED lets
 * several workers lease side by side; an expired lease is taken again.
 */
export async function leaseWork(
  tx: Tx,
  { owner, limit, leaseMs, skipTenants = [] }: { owner: string; limit: number; leaseMs: number; skipTenants?: string[] },
): Promise<WorkItem[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    tx,
    sql`update work_items w
        set lease_until = now() + (${leaseMs} * interval '1 millisecond'), lease_owner = ${owner}, attempts = w.attempts + 1
        from (
          select tenant_id, execution_id from work_items
          where run_at <= now() and (lease_until is null or lease_until < now())
            and tenant_id <> all(${`{${skipTenants.map((t) => `"${t}"`).join(",")}}`}::text[])
          order by run_at
          limit ${limit}
          for update skip locked
        ) due
        where w.tenant_id = due.tenant_id and w.execution_id = due.execution_id
        returning w.tenant_id, w.execution_id, w.run_at, w.lease_until, w.lease_owner, w.attempts, w.requests`,
  );
  return rows.map((r) => ({
    tenantId: String(r.tenant_id),
    executionId: String(r.execution_id),
    runAt: new Date(r.run_at as string),
    leaseUntil: r.lease_until ? new Date(r.lease_until as string) : null,
    leaseOwner: (r.lease_owner as string) ?? null,
    attempts: Number(r.attempts),
    requests: Number(r.requests),
  }));
}

/** Gives leased items back untouched (in the leasing transaction): a worker took more of a tenant than its share. */
export async function unleaseWork(tx: Tx, { owner, items }: { owner: string; items: Pick<WorkItem, "tenantId" | "executionId">[] }) {
  for (const item of items) {
    await tx
      .update(workItems)
      .set({ leaseUntil: null, leaseOwner: null, attempts: sql`${workItems.attempts} - 1` })
      .where(and(eq(workItems.tenantId, item.tenantId), eq(workItems.executionId, item.executionId), eq(workItems.leaseOwner, owner)));
  }
}

/** Extends the leases a worker holds (heartbeat). */
export async function extendLeases(tx: Tx, { owner, leaseMs }: { owner: string; leaseMs: number }) {
  await tx
    .update(workItems)
    .set({ leaseUntil: sql`now() + (${leaseMs} * interval '1 millisecond')` })
    .where(eq(workItems.leaseOwner, owner));
}

/**
 * Ends a lease inside the tenant's transaction that saved the execution: deletes the item
 * when there is nothing left to do and nobody asked again, else re-arms it for `nextRunAt`.
 */
export async function finishWork(
  tx: Tx,
  { executionId, owner, requests, nextRunAt }: { executionId: string; owner: string; requests: number; nextRunAt: Date | null },
) {
  if (!nextRunAt) {
    const deleted = await tx
      .delete(workItems)
      .where(and(eq(workItems.executionId, executionId), eq(workItems.leaseOwner, owner), eq(workItems.requests, requests)))
      .returning({ id: workItems.executionId });
    if (deleted.length) return;
  }
  await tx
    .update(workItems)
    .set({
      // Asked again while we held it: look again now; else wake at the next timer.
      runAt: nextRunAt
        ? sql`case when ${workItems.requests} <> ${requests} then now() else ${nextRunAt.toISOString()}::timestamptz end`
        : sql`now()`,
      leaseUntil: null,
      leaseOwner: null,
    })
    .where(and(eq(workItems.executionId, executionId), eq(workItems.leaseOwner, owner)));
}
