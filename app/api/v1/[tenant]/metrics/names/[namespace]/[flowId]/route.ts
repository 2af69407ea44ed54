import { tenantRoute } from "@/lib/api/route";
import { findFlowMetricNames } from "@/lib/server/metrics/find";

/** The metric names a flow's task runs emitted. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, (call) =>
  findFlowMetricNames(call.actor, { namespace: call.params.namespace, flowId: call.params.flowId }),
);
