import { sql } from "drizzle-orm";
import type { SQL } from "drizzle-orm";
import { isEmbeddedDb, joinableTransaction, scopedPipeline, scopedTransaction, type Tx } from "./client";
import { instanceAuditLogs } from "./schema";
import { newId } from "@/lib/ids";

export type { Tx } from "./client";

/** Who acts in which tenant. `userId` is recorded in audit entries. */
export type TenantContext = { tenantId: string; userId?: string | null };

const TENANT_ID = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The only door to tenant-scoped tables: a transaction in which row-level security shows
 * and accepts rows of `ctx.tenantId` alone.
 */
export function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!TENANT_ID.test(ctx.tenantId) || ctx.tenantId.length > 64) {
    return Promise.reject(new Error(`invalid tenant id: ${JSON.stringify(ctx.tenantId)}`));
  }
  return scopedTransaction({ tenantId: ctx.tenantId, userId: ctx.userId ?? "" }, fn);
}

/**
 * withTenant, or the caller's own open transaction when it already runs in this tenant
 * (as switchyard_app): internal storage in PostgreSQL writes a file in the transaction
 * that writes its row, instead of waiting for a second connection.
 */
export async function withTenantJoined<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const joined = joinableTransaction(ctx.tenantId);
  if (joined === null) return withTenant(ctx, fn);
  if (joined !== "other") return fn(joined.tx);
  // Inside another tenant's (or the instance's) transaction: PostgreSQL opens a second one;
  // the embedded database, which runs one at a time, would wait for itself, so it refuses.
  if (await isEmbeddedDb()) throw new Error(`internal storage of tenant ${ctx.tenantId} cannot be reached from inside another scope's transaction on the embedded database`);
  return withTenant(ctx, fn);
}

/**
 * withTenant for statements that do not depend on each other's results: one transaction
 * in one round trip on PostgreSQL. Returns each statement's rows (raw column names).
 */
export function withTenantPipeline(ctx: TenantContext, statements: SQL[]): Promise<Record<string, unknown>[][]> {
  if (!TENANT_ID.test(ctx.tenantId) || ctx.tenantId.length > 64) {
    return Promise.reject(new Error(`invalid tenant id: ${JSON.stringify(ctx.tenantId)}`));
  }
  return scopedPipeline({ tenantId: ctx.tenantId, userId: ctx.userId ?? "" }, statements);
}

/**
 * withTenantPipeline for resolving a caller (API token hash, user) in a tenant: the one
 * tenant-scoped door that may read credential tables (as switchyard_auth).
 */
export function withTenantCallerPipeline(ctx: TenantContext, statements: SQL[]): Promise<Record<string, unknown>[][]> {
  if (!TENANT_ID.test(ctx.tenantId) || ctx.tenantId.length > 64) {
    return Promise.reject(new Error(`invalid tenant id: ${JSON.stringify(ctx.tenantId)}`));
  }
  return scopedPipeline({ tenantId: ctx.tenantId, userId: ctx.userId ?? "", role: "switchyard_auth" }, statements);
}

/** Instance tables plus the user's own tenant memberships; no tenant rows otherwise. */
export function withUser<T>(userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scopedTransaction({ tenantId: "", userId, role: "switchyard_auth" }, fn);
}

/** Instance tables only (users, tenants, tokens); every tenant table reads as empty. */
export function withInstance<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scopedTransaction({ tenantId: "", userId: "", role: "switchyard_auth" }, fn);
}

export type SuperadminAction = {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: string;
  /** When the action also writes a tenant's rows (a new tenant's managed roles). */
  tenantId?: string;
};

/**
 * The explicit door for instance pages: the same non-owner role, and an audit entry in
 * the same transaction, so an action and its record land together or not at all.
 */
export function asSuperadmin<T>(action: SuperadminAction, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scopedTransaction({ tenantId: action.tenantId ?? "", userId: action.actorId ?? "", role: "switchyard_auth" }, async (tx) => {
    const result = await fn(tx);
    await tx.insert(instanceAuditLogs).values({
      id: newId(),
      actorId: action.actorId,
      action: action.action,
      targetType: action.targetType,
      targetId: action.targetId ?? null,
      detail: action.detail ?? null,
    });
    return result;
  });
}

/**
 * The work queue door: leases work items across tenants as switchyard_worker, a role
 * that can read and update work_items (ids and lease times) and no other table. The
 * worker then enters each item's tenant with withTenant before touching its data.
 */
export function withWorkQueue<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return scopedTransaction({ tenantId: "", userId: "", role: "switchyard_worker" }, fn);
}

/**
 * Leases work and enters each leased item's tenant in the same transaction: leasing runs
 * as switchyard_worker, then, per item, the role becomes switchyard_app with that item's
 * tenant set (transaction-local, as in withTenant) before `load` reads its data. One
 * commit instead of two on the worker's hot path.
 */
export function leaseAndLoad<I extends { tenantId: string }, T>(
  lease: (tx: Tx) => Promise<I[]>,
  load: (tx: Tx, item: I) => Promise<T>,
): Promise<{ item: I; loaded: T }[]> {
  return scopedTransaction({ tenantId: "", userId: "", role: "switchyard_worker" }, async (tx) => {
    const items = await lease(tx);
    const out: { item: I; loaded: T }[] = [];
    for (const item of items) {
      if (!TENANT_ID.test(item.tenantId)) throw new Error(`invalid tenant id in work item: ${item.tenantId}`);
      await tx.execute(sql`select set_config('role', 'switchyard_app', true), set_config('app.tenant_id', ${item.tenantId}, true)`);
      // A savepoint per item: one that fails to load stays leased (and is retried when the
      // lease expires) without taking the others down with it.
      try {
        out.push({ item, loaded: await tx.transaction((sp) => load(sp as unknown as Tx, item)) });
      } catch (error) {
        console.error(`[worker] could not load ${item.tenantId}/${(item as { executionId?: string }).executionId}:`, error);
      }
    }
    return out;
  });
}
