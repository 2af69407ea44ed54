import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { restartExecution } from "@/engine/worker/commands";

/** Restarts a failed execution from its failed task runs (state RESTARTED). */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async (call) => {
  await requireExecution(call, "UPDATE");
  return restartExecution(call.tenantId, call.params.executionId);
});
