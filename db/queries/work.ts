import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { workItems } from "../schema";
import { rowsOf } from "./raw";
import type { ExecutionDocument } from "./executions";

export type WorkItem = typeof workItems.$inferSelect;
/** A leased item; `takenOver` when an earlier lease on it had expired (its worker died or stalled). */
export type LeasedItem = WorkItem & { takenOver: boolean };

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
 * New executions of the tenant and their work items, due now: one statement, one NOTIFY
 * (the scheduler's fires). The documents travel as one JSON parameter and the indexed
 * columns are read from them, as executionColumns does.
 */
export async function insertQueuedExecutions(
  tx: Tx,
  { tenantId, docs, alongside }: { tenantId: string; docs: readonly ExecutionDocument[]; /** Another data-modifying statement run within this one (one round trip). */ alongside?: SQL },
) {
  if (docs.length === 0) {
    if (alongside) await tx.execute(alongside);
    return;
  }
  await tx.execute(sql`
    with ${alongside ? sql`alongside as (${alongside}),` : sql``} docs as (select d from jsonb_array_elements(${JSON.stringify(docs)}::jsonb) as d),
    created as (
      insert into executions (tenant_id, id, namespace, flow_id, flow_revision, state, start_date, end_date, labels, parent_id, original_id, document)
      select ${tenantId}, d->>'id', d->>'namespace', d->>'flowId', (d->>'flowRevision')::int, d->'state'->>'current',
        (d->'state'->>'startDate')::timestamptz, (d->'state'->>'endDate')::timestamptz, coalesce(d->'labels', '[]'::jsonb),
        d->>'parentId', d->>'originalId', d
      from docs
      returning tenant_id, id
    ),
    queued as (
      insert into work_items (tenant_id, execution_id, run_at)
      select tenant_id, id, now() from created
      returning 1
    )
    select pg_notify('switchyard_work', '') from (select 1 from queued limit 1) q`);
}

/** enqueueWork for many executions of the tenant: one statement, one NOTIFY. */
export async function enqueueWorkMany(tx: Tx, { tenantId, executionIds, runAt }: { tenantId: string; executionIds: readonly string[]; runAt?: Date }) {
  if (executionIds.length === 0) return;
  const at = (runAt ?? new Date()).toISOString();
  await tx.execute(sql`
    with queued as (
      insert into work_items (tenant_id, execution_id, run_at)
      select ${tenantId}, id, ${at}::timestamptz from unnest(${`{${executionIds.map((id) => `"${id.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`}::text[]) as id
      on conflict (tenant_id, execution_id)
      do update set run_at = least(work_items.run_at, excluded.run_at), requests = work_items.requests + 1
      returning 1
    )
    select pg_notify('switchyard_work', '') from (select 1 from queued limit 1) q`);
}

/**
 * Leases up to `limit` due items across tenants (inside withWorkQueue), fairly: each
 * tenant with due work gets an equal share of the lease (its oldest items first), and
 * among tenants the longest-waiting item goes first. A tenant that queued 50,000
 * executions so takes no more of a lease than one that queued three. Due tenants are
 * found with a skip scan over (tenant_id, run_at), so the cost grows with the number of
 * tenants that have due work, not with the queue's length. SKIP LOCKED lets several
 * workers lease side by side; an expired lease is taken again.
 */
export async function leaseWork(
  tx: Tx,
  {
    owner,
    limit,
    leaseMs,
    skipTenants = [],
    onlyTenants,
  }: { owner: string; limit: number; leaseMs: number; skipTenants?: string[]; onlyTenants?: readonly string[] },
): Promise<LeasedItem[]> {
  // Tenants this worker already holds its share of (engine/worker/loop.ts) are not leased;
  // a worker dedicated to some tenants leases theirs only.
  const list = (ids: readonly string[]) => `{${ids.map((t) => `"${t}"`).join(",")}}`;
  const skip = list(skipTenants);
  const only = onlyTenants ? sql` and ${sql.raw("w")}.tenant_id = any(${list(onlyTenants)}::text[])` : sql``;
  const due = (w: SQL) =>
    sql`${w}.run_at <= now() and (${w}.lease_until is null or ${w}.lease_until < now()) and ${w}.tenant_id <> all(${skip}::text[])${only}`;
  const rows = await rowsOf<Record<string, unknown>>(
    tx,
    sql`with recursive due_tenants(tenant_id) as (
          (select w.tenant_id from work_items w where ${due(sql`w`)} order by w.tenant_id limit 1)
          union all
          select (select w.tenant_id from work_items w where w.tenant_id > d.tenant_id and ${due(sql`w`)} order by w.tenant_id limit 1)
          from due_tenants d where d.tenant_id is not null
        ),
        live as (select tenant_id from due_tenants where tenant_id is not null),
        share as (select greatest(1, ceil(${limit}::numeric / greatest(count(*), 1)))::int as n from live),
        picked as (
          select p.* from live d cross join share s cross join lateral (
            select w.tenant_id, w.execution_id, w.run_at, w.lease_until from work_items w
            where w.tenant_id = d.tenant_id and ${due(sql`w`)}
            order by w.run_at limit s.n
            for update skip locked
          ) p
        ),
        chosen as (
          select tenant_id, execution_id, lease_until as expired_lease from (
            select tenant_id, execution_id, run_at, lease_until, row_number() over (partition by tenant_id order by run_at) as turn from picked
          ) ranked
          order by turn, run_at
          limit ${limit}
        )
        update work_items w
        set lease_until = now() + (${leaseMs} * interval '1 millisecond'), lease_owner = ${owner}, attempts = w.attempts + 1
        from chosen
        where w.tenant_id = chosen.tenant_id and w.execution_id = chosen.execution_id
        returning w.tenant_id, w.execution_id, w.run_at, w.lease_until, w.lease_owner, w.attempts, w.requests, chosen.expired_lease`,
  );
  return rows.map((r) => ({
    tenantId: String(r.tenant_id),
    executionId: String(r.execution_id),
    runAt: new Date(r.run_at as string),
    leaseUntil: r.lease_until ? new Date(r.lease_until as string) : null,
    leaseOwner: (r.lease_owner as string) ?? null,
    attempts: Number(r.attempts),
    requests: Number(r.requests),
    takenOver: r.expired_lease != null,
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
