import { tenantRoute } from "@/lib/api/route";
import { findExecution } from "@/lib/server/executions";
import { logQuery, streamLogs } from "@/lib/api/logs";

/** The execution's logs as text/plain, one line per entry, every line however many (streamed page by page). */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logQuery }, async (call) => {
  await findExecution(call.actor, { id: call.params.executionId });
  const body = streamLogs(call.ctx, { executionId: call.params.executionId, ...call.query }, "text", { separator: "\n", suffix: "\n" });
  return new Response(body, {
    headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${call.params.executionId}.log"` },
  });
});
