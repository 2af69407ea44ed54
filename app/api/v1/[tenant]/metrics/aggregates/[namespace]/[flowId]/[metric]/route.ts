import { tenantRoute } from "@/lib/api/route";
import { metricAggregateQuery } from "@/lib/api/metrics";
import { aggregateFlowMetric } from "@/lib/server/metrics/find";

/** One metric of a flow aggregated per period (Kestra: MetricAggregations), the last 30 days by default. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: metricAggregateQuery }, (call) =>
  aggregateFlowMetric(call.actor, { namespace: call.params.namespace, flowId: call.params.flowId, metric: call.params.metric, ...call.query }),
);
