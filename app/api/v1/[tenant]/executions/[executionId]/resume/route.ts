import { tenantRoute } from "@/lib/api/route";
import { readExecutionInputs } from "@/lib/api/executions";
import { findExecution, resumeExecution } from "@/lib/server/executions";

/** Resumes a PAUSED execution; multipart parts are the Pause task's `onResume` inputs. */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"] }, async ({ actor, req, params }) => {
  // Checked before the body is read: a caller who may not resume it learns nothing from its inputs.
  await findExecution(actor, { id: params.executionId }, "UPDATE");
  const { inputs } = await readExecutionInputs(req);
  return resumeExecution(actor, { id: params.executionId, inputs });
});
