import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { executions, type TenantSettings } from "../schema";
import { rowsOf } from "./raw";
import type { QuotaName } from "@/engine/quotas/errors";

/**
 * Adds `delta` bytes to the tenant's storage counter, creating it at need (inside withTenant).
 * With `enforce`, a growth that would pass the tenant's `storageBytes` quota (its settings,
 * else `defaultLimit`) changes nothing and returns `null`; the counter never goes below zero.
 * One statement, the quota read fresh: the row lock queues two processes' writes of a tenant.
 */
export async function changeStorageUsage(
  tx: Tx,
  { tenantId, delta, enforce, defaultLimit = null }: { tenantId: string; delta: number; enforce: boolean; defaultLimit?: number | null },
): Promise<number | null> {
  const limit = sql`(select coalesce((t.settings->'quotas'->>'storageBytes')::bigint, ${defaultLimit}::bigint) from tenants t where t.id = ${tenantId})`;
  const fits = (bytes: SQL) => sql`(not ${enforce}::boolean or ${delta}::bigint <= 0 or ${limit} is null or ${bytes} + ${delta}::bigint <= ${limit})`;
  const [row] = await rowsOf<{ bytes: string | number }>(
    tx,
    sql`insert into storage_usage (tenant_id, bytes)
        select ${tenantId}, greatest(0, ${delta}::bigint) where ${fits(sql`0`)}
        on conflict (tenant_id) do update
          set bytes = greatest(0, storage_usage.bytes + ${delta}::bigint), updated_at = now()
          where ${fits(sql`storage_usage.bytes`)}
        returning bytes`,
  );
  return row ? Number(row.bytes) : null;
}

/** Bytes of internal storage the tenant holds, as counted (inside withTenant). */
export async function getStorageUsage(tx: Tx, { tenantId }: { tenantId: string }): Promise<number> {
  const [row] = await rowsOf<{ bytes: string | number }>(tx, sql`select bytes from storage_usage where tenant_id = ${tenantId}`);
  return row ? Number(row.bytes) : 0;
}

/** One of the tenant's quotas (its settings, else `defaultLimit`); `null` when unlimited. Read fresh, inside any transaction. */
export async function getQuotaLimit(tx: Tx, { tenantId, quota, defaultLimit }: { tenantId: string; quota: QuotaName; defaultLimit: number | null }): Promise<number | null> {
  const [row] = await rowsOf<{ l: string | number | null }>(
    tx,
    sql`select coalesce((settings->'quotas'->>${quota})::bigint, ${defaultLimit}::bigint) as l from tenants where id = ${tenantId}`,
  );
  return row?.l == null ? null : Number(row.l);
}

/** Executions of the tenant that hold a running slot: started and not ended (inside withTenant). */
export async function countActiveExecutions(tx: Tx, { tenantId, exceptId }: { tenantId: string; exceptId?: string }): Promise<number> {
  const [row] = await rowsOf<{ n: string | number }>(
    tx,
    sql`select count(*) as n from executions
        where tenant_id = ${tenantId} and state in ('RUNNING', 'PAUSED', 'KILLING', 'RETRYING', 'RESTARTED') and not deleted
          and id <> ${exceptId ?? ""}`,
  );
  return Number(row?.n ?? 0);
}

/** How many of the tenant's executions wait in QUEUED (inside withTenant). */
export async function countQueuedExecutions(tx: Tx, { tenantId }: { tenantId: string }): Promise<number> {
  const [row] = await rowsOf<{ n: string | number }>(tx, sql`select count(*) as n from executions where tenant_id = ${tenantId} and state = 'QUEUED' and not deleted`);
  return Number(row?.n ?? 0);
}

/** The tenant's oldest QUEUED executions, any flow (inside withTenant). */
export async function findQueuedExecutions(tx: Tx, { tenantId, limit }: { tenantId: string; limit: number }): Promise<string[]> {
  const rows = await rowsOf<{ id: string }>(
    tx,
    sql`select id from executions where tenant_id = ${tenantId} and state = 'QUEUED' and not deleted order by start_date, id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}

/**
 * Serialises, until the transaction ends, the running-executions quota's decisions of one
 * tenant across every process: admitting an execution and waking queued ones after an end.
 */
export async function lockRunningQuota(tx: Tx, { tenantId, wait }: { tenantId: string; wait: boolean }): Promise<boolean> {
  const [row] = wait
    ? await rowsOf<{ ok: boolean }>(tx, sql`select true as ok from (select pg_advisory_xact_lock(hashtext('switchyard:running-quota'), hashtext(${tenantId}))) l`)
    : await rowsOf<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtext('switchyard:running-quota'), hashtext(${tenantId})) as ok`);
  return row?.ok === true;
}

/** Live tenants with their settings (inside withInstance): the quota duties read each one's limits. */
export async function listTenantSettings(tx: Tx): Promise<{ id: string; settings: TenantSettings }[]> {
  const rows = await rowsOf<{ id: string; settings: TenantSettings | string | null }>(tx, sql`select id, settings from tenants where deleted_at is null order by id`);
  return rows.map((r) => ({ id: r.id, settings: (typeof r.settings === "string" ? JSON.parse(r.settings) : r.settings) ?? {} }));
}

const ENDED_STATES = sql.raw(`('SUCCESS', 'WARNING', 'FAILED', 'KILLED', 'CANCELLED', 'RETRIED', 'SKIPPED')`);

/**
 * Locks up to `limit` of the tenant's executions that ended before `before` (inside
 * withTenant), oldest first, for the retention job to delete their files and then them.
 * Rows another transaction holds are skipped (SKIP LOCKED): two processes purge side by
 * side, and an execution being saved is never waited for.
 */
export async function lockEndedExecutions(tx: Tx, { tenantId, before, limit }: { tenantId: string; before: Date; limit: number }) {
  return rowsOf<{ id: string; namespace: string; flowId: string }>(
    tx,
    sql`select id, namespace, flow_id as "flowId" from executions
        where tenant_id = ${tenantId} and end_date < ${before.toISOString()}::timestamptz and state in ${ENDED_STATES}
        order by end_date limit ${limit}
        for update skip locked`,
  );
}

/** Deletes the tenant's executions `ids` with their logs, metrics and work items (foreign keys cascade); the number deleted. */
export async function deleteExecutionsByIds(tx: Tx, { tenantId, ids }: { tenantId: string; ids: readonly string[] }): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx
    .delete(executions)
    .where(and(eq(executions.tenantId, tenantId), inArray(executions.id, [...ids])))
    .returning({ id: executions.id });
  return rows.length;
}

/** Locks the tenant's storage counter (creating it at 0) and returns its bytes (inside withTenant): puts and deletes wait until the transaction ends. */
export async function lockStorageUsage(tx: Tx, { tenantId }: { tenantId: string }): Promise<number> {
  await tx.execute(sql`insert into storage_usage (tenant_id, bytes) values (${tenantId}, 0) on conflict (tenant_id) do nothing`);
  const [row] = await rowsOf<{ bytes: string | number }>(tx, sql`select bytes from storage_usage where tenant_id = ${tenantId} for update`);
  return Number(row?.bytes ?? 0);
}

/** Sets the tenant's storage counter (inside withTenant; the recount). */
export async function setStorageUsage(tx: Tx, { tenantId, bytes }: { tenantId: string; bytes: number }): Promise<void> {
  await tx.execute(sql`update storage_usage set bytes = ${bytes}::bigint, updated_at = now() where tenant_id = ${tenantId}`);
}
