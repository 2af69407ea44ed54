import { tenantRoute } from "@/lib/api/route";
import { metricPageQuery } from "@/lib/api/metrics";
import { findMetricsOfExecution } from "@/lib/server/metrics/find";

/** An execution's metrics, paged (Kestra: PagedResults<MetricEntry>), of one task or task run when asked. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: metricPageQuery }, (call) =>
  findMetricsOfExecution(call.actor, { executionId: call.params.executionId, ...call.query }),
);
