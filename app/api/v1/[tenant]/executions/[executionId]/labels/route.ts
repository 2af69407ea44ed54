import { tenantRoute } from "@/lib/api/route";
import { labelsBody, requireExecution } from "@/lib/api/executions";
import { setExecutionLabels } from "@/engine/worker/commands";

/** Replaces the execution's labels with `[{key, value}]`. */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"], body: labelsBody }, async (call) => {
  await requireExecution(call, "UPDATE");
  return setExecutionLabels(call.tenantId, call.params.executionId, call.body);
});
