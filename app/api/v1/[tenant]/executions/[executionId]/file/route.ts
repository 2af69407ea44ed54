import { tenantRoute } from "@/lib/api/route";
import { fileQuery } from "@/lib/api/executions";
import { findExecution } from "@/lib/server/executions";
import { executionFiles } from "@/engine/worker/services";
import { ApiError } from "@/lib/errors";

/** Downloads a file of this execution; paths outside the execution's own folder are refused. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: fileQuery }, async (call) => {
  const execution = await findExecution(call.actor, { id: call.params.executionId });
  let content: Buffer | null;
  try {
    content = await executionFiles(call.tenantId, execution).read(call.query.path);
  } catch (error) {
    throw new ApiError("unprocessable", error instanceof Error ? error.message : "invalid path", [{ path: "path", message: "not a file of this execution" }]);
  }
  if (!content) throw new ApiError("not_found", `No file ${call.query.path}`);
  const name = call.query.path.split("/").pop() ?? "file";
  return new Response(new Uint8Array(content), {
    headers: { "content-type": "application/octet-stream", "content-disposition": `attachment; filename="${name.replace(/"/g, "")}"` },
  });
});
