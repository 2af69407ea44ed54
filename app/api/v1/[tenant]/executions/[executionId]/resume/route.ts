import { tenantRoute } from "@/lib/api/route";
import { readExecutionInputs, requireExecution } from "@/lib/api/executions";
import { checkResumeInputs } from "@/lib/api/resume";
import { resumeExecution } from "@/engine/worker/commands";

/** Resumes a PAUSED execution; multipart parts are the Pause task's `onResume` inputs. */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async (call) => {
  const execution = await requireExecution(call, "UPDATE");
  const { inputs } = await readExecutionInputs(call.req);
  await checkResumeInputs(call.tenantId, execution, inputs);
  return resumeExecution(call.tenantId, call.params.executionId, inputs);
});
