import { tenantRoute } from "@/lib/api/route";
import { metricAggregateQuery } from "@/lib/api/metrics";
import { ApiError } from "@/lib/errors";
import { aggregateFlowMetric } from "@/lib/server/metrics/find";

/**
 * One metric of a flow, or of one of its tasks, aggregated per period (Kestra:
 * MetricAggregations), the last 30 days by default: `.../{metric}` or `.../{taskId}/{metric}`.
 * One catch-all route because Next.js cannot name the third segment both ways.
 */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: metricAggregateQuery }, (call) => {
  const parts = (call.params.path ?? "").split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) {
    throw new ApiError("not_found", "Expected /metrics/aggregates/{namespace}/{flowId}/{metric} or .../{taskId}/{metric}");
  }
  const [taskId, metric] = parts.length === 2 ? parts : [undefined, parts[0]];
  return aggregateFlowMetric(call.actor, { namespace: call.params.namespace, flowId: call.params.flowId, taskId, metric, ...call.query });
});
