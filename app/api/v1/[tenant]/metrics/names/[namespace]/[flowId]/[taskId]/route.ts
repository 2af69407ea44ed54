import { tenantRoute } from "@/lib/api/route";
import { findFlowMetricNames } from "@/lib/server/metrics/find";

/** The metric names one task of a flow emitted. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, (call) =>
  findFlowMetricNames(call.actor, { namespace: call.params.namespace, flowId: call.params.flowId, taskId: call.params.taskId }),
);
