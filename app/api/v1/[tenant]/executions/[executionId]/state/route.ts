import { tenantRoute } from "@/lib/api/route";
import { taskRunStateBody } from "@/lib/api/executions";
import { changeTaskRunState } from "@/lib/server/executions";

/**
 * Kestra's "change state for a taskrun in an execution" (markAs): `{taskRunId, state}`. The
 * execution goes on from there; a PAUSED Pause marked RUNNING resumes it.
 */
export const POST = tenantRoute({ permission: ["EXECUTION", "UPDATE"], body: taskRunStateBody }, ({ actor, params, body }) =>
  changeTaskRunState(actor, { id: params.executionId, taskRunId: body.taskRunId, state: body.state }),
);
