import { count, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { executions } from "../schema";
import { rowsOf } from "./raw";

/** The tenant's executions by state (inside withTenant). */
export async function countExecutionsByState(tx: Tx): Promise<{ state: string; count: number }[]> {
  const rows = await tx.select({ state: executions.state, count: count() }).from(executions).groupBy(executions.state);
  return rows.map((r) => ({ state: r.state, count: Number(r.count) }));
}

/**
 * Due work per tenant: how many items wait for a worker and how long the oldest has
 * waited (inside withWorkQueue, whose role sees only work item ids and times).
 */
export async function queueDepthByTenant(tx: Tx): Promise<{ tenantId: string; depth: number; oldestSeconds: number }[]> {
  const rows = await rowsOf<Record<string, unknown>>(
    tx,
    sql`select tenant_id, count(*) as depth, extract(epoch from now() - min(run_at)) as oldest
        from work_items
        where run_at <= now() and (lease_until is null or lease_until < now())
        group by tenant_id`,
  );
  return rows.map((r) => ({ tenantId: String(r.tenant_id), depth: Number(r.depth), oldestSeconds: Math.max(0, Number(r.oldest)) }));
}
