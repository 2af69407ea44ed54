import { withTenant } from "@/db/tenant";
import {
  aggregateMetrics,
  findExecutionMetrics,
  findMetricNames,
  findMetricTasks,
  type MetricAggregation,
  type MetricSort,
} from "@/db/queries/execution-metrics";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { findExecution } from "../executions/find";

/**
 * Reading metrics (Kestra's MetricController): an execution's, or a flow's names, tasks and
 * aggregates. Metrics are execution data: EXECUTION:READ in the namespace, and a namespace
 * the actor cannot read answers like one without metrics would not (404).
 */
export async function findMetricsOfExecution(
  actor: Actor,
  q: { executionId: string; taskId?: string; taskRunId?: string; page: number; size: number; sort?: string },
) {
  await findExecution(actor, { id: q.executionId });
  const sort = (q.sort && !q.sort.includes(":") ? `${q.sort}:asc` : q.sort) as MetricSort | undefined;
  return withTenant({ tenantId: actor.tenantId }, (tx) => findExecutionMetrics(tx, { ...q, sort }));
}

function requireFlowNamespace(actor: Actor, namespace: string) {
  if (!actor.can("EXECUTION", "READ", namespace)) throw new ApiError("not_found", `Namespace ${namespace} not found`);
}

export async function findFlowMetricNames(actor: Actor, q: { namespace: string; flowId: string; taskId?: string }) {
  requireFlowNamespace(actor, q.namespace);
  return withTenant({ tenantId: actor.tenantId }, (tx) => findMetricNames(tx, q));
}

export async function findFlowMetricTasks(actor: Actor, q: { namespace: string; flowId: string }) {
  requireFlowNamespace(actor, q.namespace);
  return withTenant({ tenantId: actor.tenantId }, (tx) => findMetricTasks(tx, q));
}

export async function aggregateFlowMetric(
  actor: Actor,
  q: { namespace: string; flowId: string; taskId?: string; metric: string; startDate?: string; endDate?: string; aggregation: MetricAggregation },
) {
  requireFlowNamespace(actor, q.namespace);
  const end = q.endDate ? new Date(q.endDate) : new Date();
  const start = q.startDate ? new Date(q.startDate) : new Date(end.getTime() - 30 * 86_400_000);
  return withTenant({ tenantId: actor.tenantId }, (tx) => aggregateMetrics(tx, { ...q, start, end }));
}
