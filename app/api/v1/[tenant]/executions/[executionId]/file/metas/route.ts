import { tenantRoute } from "@/lib/api/route";
import { fileQuery } from "@/lib/api/executions";
import { findExecution } from "@/lib/server/executions";
import { executionFiles } from "@/engine/worker/services";
import { ApiError } from "@/lib/errors";

export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: fileQuery }, async (call) => {
  const execution = await findExecution(call.actor, { id: call.params.executionId });
  let size: number | null;
  try {
    size = await executionFiles(call.tenantId, execution).size(call.query.path);
  } catch (error) {
    throw new ApiError("unprocessable", error instanceof Error ? error.message : "invalid path", [{ path: "path", message: "not a file of this execution" }]);
  }
  if (size === null) throw new ApiError("not_found", `No file ${call.query.path}`);
  return { size };
});
