import { tenantRoute } from "@/lib/api/route";
import { readExecutionInputs, requireExecution } from "@/lib/api/executions";
import { resumeExecution } from "@/engine/worker/commands";

/** Resumes a PAUSED execution; multipart parts are the Pause task's `onResume` inputs. */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async (call) => {
  await requireExecution(call, "UPDATE");
  const { inputs } = await readExecutionInputs(call.req);
  return resumeExecution(call.tenantId, call.params.executionId, inputs);
});
