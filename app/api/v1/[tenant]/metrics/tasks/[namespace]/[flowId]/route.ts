import { tenantRoute } from "@/lib/api/route";
import { findFlowMetricTasks } from "@/lib/server/metrics/find";

/** The ids of a flow's tasks that emitted metrics, deleted or renamed tasks included. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, (call) =>
  findFlowMetricTasks(call.actor, { namespace: call.params.namespace, flowId: call.params.flowId }),
);
