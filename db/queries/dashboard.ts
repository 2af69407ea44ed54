import { and, count, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { Tx } from "@/db/tenant";
import { executions, flows } from "@/db/schema";
import { inScope } from "./scope";

/**
 * Read helpers of the tenant dashboard: executions per day and state, what runs now,
 * recent failures, counts of flows and triggers. Each takes a withTenant transaction and
 * the caller's namespace scope (null: the whole tenant).
 */

export type DayCount = { day: string; state: string; count: number };

/** Executions started per UTC day and state over the last `days` days (today included). */
export async function executionsPerDay(tx: Tx, { days, scope, now = new Date() }: { days: number; scope: string[] | null; now?: Date }): Promise<DayCount[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const day = sql<string>`to_char(${executions.startDate} at time zone 'UTC', 'YYYY-MM-DD')`;
  const rows = await tx
    .select({ day, state: executions.state, count: count() })
    .from(executions)
    .where(and(eq(executions.deleted, false), gte(executions.startDate, since), inScope(executions.namespace, scope)))
    .groupBy(day, executions.state);
  return rows.map((r) => ({ day: r.day, state: r.state, count: Number(r.count) }));
}

const columns = { id: executions.id, namespace: executions.namespace, flowId: executions.flowId, state: executions.state, startDate: executions.startDate, endDate: executions.endDate };

/** Executions in the given states, newest first. */
export function executionsInStates(tx: Tx, { states, scope, limit }: { states: string[]; scope: string[] | null; limit: number }) {
  return tx
    .select(columns)
    .from(executions)
    .where(and(eq(executions.deleted, false), inArray(executions.state, states), inScope(executions.namespace, scope)))
    .orderBy(desc(executions.startDate))
    .limit(limit);
}

/** How many executions are in the given states. */
export async function countInStates(tx: Tx, { states, scope }: { states: string[]; scope: string[] | null }): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(executions).where(and(eq(executions.deleted, false), inArray(executions.state, states), inScope(executions.namespace, scope)));
  return Number(row?.n ?? 0);
}

/** Live flows and the triggers declared in them. */
export async function flowAndTriggerCounts(tx: Tx, { scope }: { scope: string[] | null }): Promise<{ flows: number; triggers: number }> {
  const [row] = await tx
    .select({
      flows: count(),
      triggers: sql<number>`coalesce(sum(jsonb_array_length(case when jsonb_typeof(${flows.definition}->'triggers') = 'array' then ${flows.definition}->'triggers' else '[]'::jsonb end)), 0)`,
    })
    .from(flows)
    .where(and(eq(flows.deleted, false), inScope(flows.namespace, scope)));
  return { flows: Number(row?.flows ?? 0), triggers: Number(row?.triggers ?? 0) };
}
