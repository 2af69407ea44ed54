import { and, count, eq, gte, inArray, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { executions, logs, metrics } from "../schema";
import { namespaceIn } from "./scope";

/**
 * The queries behind the execution and log tasks (execution.Count, PurgeExecutions,
 * log.PurgeLogs): always inside the running execution's tenant (withTenant, RLS), and only
 * over the namespaces the caller passes, which the engine has checked against the namespace
 * rule first.
 */

/** Executions started in [startDate, endDate] per namespace and flow, of the listed flows or namespaces (exact). */
export function countExecutionsByFlow(
  tx: Tx,
  q: { flows: { namespace: string; flowId: string }[]; namespaces: string[]; states?: string[]; startDate: Date; endDate: Date },
) {
  const targets: SQL[] = [
    ...q.flows.map((f) => and(eq(executions.namespace, f.namespace), eq(executions.flowId, f.flowId))!),
    ...(q.namespaces.length ? [inArray(executions.namespace, q.namespaces)] : []),
  ];
  if (targets.length === 0) return Promise.resolve([] as { namespace: string; flowId: string; count: number }[]);
  return tx
    .select({ namespace: executions.namespace, flowId: executions.flowId, count: count() })
    .from(executions)
    .where(
      and(
        eq(executions.deleted, false),
        gte(executions.startDate, q.startDate),
        lte(executions.startDate, q.endDate),
        q.states?.length ? inArray(executions.state, q.states) : undefined,
        or(...targets),
      ),
    )
    .groupBy(executions.namespace, executions.flowId);
}

/** The namespace filter of a purge: a prefix, a flow's namespace exactly (with flowId), or any of `reachable` (exact). */
function namespaceWhere(column: typeof executions.namespace | typeof logs.namespace, q: { namespace?: string; flowId?: string; reachable?: string[] }) {
  if (q.namespace !== undefined) return q.flowId !== undefined ? eq(column, q.namespace) : namespaceIn(column, q.namespace);
  return q.reachable && q.reachable.length ? inArray(column, q.reachable) : sql`false`;
}

/** Distinct namespaces holding executions (to filter by the namespace rule). */
export async function executionNamespaces(tx: Tx): Promise<string[]> {
  const rows = await tx.selectDistinct({ namespace: executions.namespace }).from(executions);
  return rows.map((r) => r.namespace);
}

export type PurgeFilter = {
  namespace?: string;
  flowId?: string;
  executionId?: string;
  /** Without `namespace`: the namespaces the flow may reach. */
  reachable?: string[];
  startDate?: Date;
  endDate: Date;
};

/** Deletes log lines of the filter timestamped in [startDate, endDate]; how many. */
export async function purgeLogLines(tx: Tx, q: PurgeFilter & { levels?: string[] }): Promise<number> {
  const rows = await tx
    .delete(logs)
    .where(
      and(
        namespaceWhere(logs.namespace, q),
        q.flowId !== undefined ? eq(logs.flowId, q.flowId) : undefined,
        q.executionId !== undefined ? eq(logs.executionId, q.executionId) : undefined,
        q.levels?.length ? inArray(logs.level, q.levels) : undefined,
        q.startDate ? gte(logs.timestamp, q.startDate) : undefined,
        lte(logs.timestamp, q.endDate),
      ),
    )
    .returning({ seq: logs.seq });
  return rows.length;
}

/** Ended executions of the filter started in [startDate, endDate], never `exceptId` (the one purging). */
export function findPurgeable(tx: Tx, q: PurgeFilter & { states: string[]; exceptId: string }) {
  return tx
    .select({ id: executions.id, namespace: executions.namespace, flowId: executions.flowId })
    .from(executions)
    .where(
      and(
        namespaceWhere(executions.namespace, q),
        q.flowId !== undefined ? eq(executions.flowId, q.flowId) : undefined,
        q.executionId !== undefined ? eq(executions.id, q.executionId) : undefined,
        inArray(executions.state, q.states),
        ne(executions.id, q.exceptId),
        q.startDate ? gte(executions.startDate, q.startDate) : undefined,
        lte(executions.startDate, q.endDate),
      ),
    );
}

/** Deletes the log lines and metrics of executions; their counts. */
export async function purgeExecutionRecords(tx: Tx, q: { ids: string[]; logs: boolean; metrics: boolean; executions: boolean }) {
  if (q.ids.length === 0) return { logsCount: 0, metricsCount: 0, executionsCount: 0 };
  const logsCount = q.logs ? (await tx.delete(logs).where(inArray(logs.executionId, q.ids)).returning({ seq: logs.seq })).length : 0;
  const metricsCount = q.metrics ? (await tx.delete(metrics).where(inArray(metrics.executionId, q.ids)).returning({ seq: metrics.seq })).length : 0;
  const executionsCount = q.executions ? (await tx.delete(executions).where(inArray(executions.id, q.ids)).returning({ id: executions.id })).length : 0;
  return { logsCount, metricsCount, executionsCount };
}
