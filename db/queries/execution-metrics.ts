import { and, asc, count, desc, eq, sql, type SQL } from "drizzle-orm";
import type { MetricEntry } from "@/engine/executor/types";
import type { Tx } from "../client";
import { metrics } from "../schema";
import { rowsOf } from "./raw";

type MetricTarget = { tenantId: string; executionId: string; namespace: string; flowId: string };

/** An INSERT ... SELECT of the metrics for a CTE of the worker's save (`guard`: only if the document was saved). */
export function insertMetricsSql(target: MetricTarget, entries: MetricEntry[], guard?: SQL): SQL {
  const records = JSON.stringify(
    entries.map((m) => ({ task_id: m.taskId, task_run_id: m.taskRunId, type: m.type, name: m.name, value: m.value, tags: m.tags, timestamp: m.timestamp })),
  );
  return sql`insert into metrics (tenant_id, execution_id, namespace, flow_id, task_id, task_run_id, type, name, value, tags, timestamp)
    select ${target.tenantId}::text, ${target.executionId}::text, ${target.namespace}::text, ${target.flowId}::text, m.task_id, m.task_run_id, m.type, m.name, m.value, coalesce(m.tags, '{}'::jsonb), m.timestamp
    from jsonb_to_recordset(${records}::jsonb) as m(task_id text, task_run_id text, type text, name text, value double precision, tags jsonb, timestamp timestamptz)
    ${guard ? sql`where ${guard}` : sql``}`;
}

/** Kestra's MetricEntry as the API returns it. */
export type MetricEntryView = MetricEntry;

const toView = (r: typeof metrics.$inferSelect): MetricEntryView => ({
  namespace: r.namespace,
  flowId: r.flowId,
  taskId: r.taskId,
  executionId: r.executionId,
  taskRunId: r.taskRunId,
  type: r.type as MetricEntry["type"],
  name: r.name,
  value: r.value,
  tags: r.tags,
  timestamp: r.timestamp.toISOString(),
});

export type MetricSort = "timestamp:asc" | "timestamp:desc" | "name:asc" | "name:desc";

/** One page of an execution's metrics (of one task or task run when given), in emission order by default. */
export async function findExecutionMetrics(
  tx: Tx,
  q: { executionId: string; taskId?: string; taskRunId?: string; page: number; size: number; sort?: MetricSort },
): Promise<{ results: MetricEntryView[]; total: number }> {
  const where = and(
    eq(metrics.executionId, q.executionId),
    q.taskId ? eq(metrics.taskId, q.taskId) : undefined,
    q.taskRunId ? eq(metrics.taskRunId, q.taskRunId) : undefined,
  );
  const [field, direction] = (q.sort ?? "timestamp:asc").split(":");
  const column = field === "name" ? metrics.name : metrics.timestamp;
  const order = direction === "desc" ? [desc(column), desc(metrics.seq)] : [asc(column), asc(metrics.seq)];
  const rows = await tx.select().from(metrics).where(where).orderBy(...order).limit(q.size).offset((q.page - 1) * q.size);
  const [{ total }] = await tx.select({ total: count() }).from(metrics).where(where);
  return { results: rows.map(toView), total: Number(total) };
}

/** The metric names a flow's (or one task's) runs emitted, sorted. */
export async function findMetricNames(tx: Tx, q: { namespace: string; flowId: string; taskId?: string }): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ name: metrics.name })
    .from(metrics)
    .where(and(eq(metrics.namespace, q.namespace), eq(metrics.flowId, q.flowId), q.taskId ? eq(metrics.taskId, q.taskId) : undefined))
    .orderBy(asc(metrics.name));
  return rows.map((r) => r.name);
}

/** The ids of a flow's tasks that emitted metrics (renamed and deleted tasks included), sorted. */
export async function findMetricTasks(tx: Tx, q: { namespace: string; flowId: string }): Promise<string[]> {
  const rows = await tx
    .selectDistinct({ taskId: metrics.taskId })
    .from(metrics)
    .where(and(eq(metrics.namespace, q.namespace), eq(metrics.flowId, q.flowId), sql`${metrics.taskId} is not null`))
    .orderBy(asc(metrics.taskId));
  return rows.map((r) => r.taskId!);
}

export type MetricAggregation = "sum" | "avg" | "min" | "max";
export type GroupBy = "month" | "week" | "day" | "hour" | "minute";

/** Kestra's grouping for a date range (DateUtils.groupByType). */
export function groupByFor(start: Date, end: Date): GroupBy {
  const hours = (end.getTime() - start.getTime()) / 3_600_000;
  if (hours > 365 * 24) return "month";
  if (hours > 180 * 24) return "week";
  if (hours > 24) return "day";
  if (hours > 1) return "hour";
  return "minute";
}

/** Kestra's MetricAggregations: one value per period of the range, for one metric of a flow (or task). */
export async function aggregateMetrics(
  tx: Tx,
  q: { namespace: string; flowId: string; taskId?: string; metric: string; start: Date; end: Date; aggregation: MetricAggregation },
): Promise<{ groupBy: GroupBy; aggregations: { name: string; value: number; date: string }[] }> {
  const groupBy = groupByFor(q.start, q.end);
  const fn = { sum: sql`sum`, avg: sql`avg`, min: sql`min`, max: sql`max` }[q.aggregation];
  const rows = await rowsOf<{ period: string; value: number | string }>(
    tx,
    sql`select to_char(date_trunc(${groupBy}, timestamp at time zone 'UTC'), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as period, ${fn}(value) as value
      from metrics
      where namespace = ${q.namespace} and flow_id = ${q.flowId} and name = ${q.metric}
        ${q.taskId ? sql`and task_id = ${q.taskId}` : sql``}
        and timestamp >= ${q.start.toISOString()}::timestamptz and timestamp <= ${q.end.toISOString()}::timestamptz
      group by 1 order by 1`,
  );
  return {
    groupBy,
    aggregations: rows.map((r) => ({
      name: q.metric,
      value: Number(r.value),
      date: r.period,
    })),
  };
}
