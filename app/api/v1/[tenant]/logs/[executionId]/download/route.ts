import { withTenant } from "@/db/tenant";
import { findExecutionLogs } from "@/db/queries/executions";
import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { logQuery } from "@/lib/api/logs";

/** The execution's logs as text/plain, one line per entry. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logQuery }, async (call) => {
  await requireExecution(call, "READ");
  const rows = await withTenant(call.ctx, (tx) => findExecutionLogs(tx, { executionId: call.params.executionId, ...call.query }));
  const text = rows.map((l) => `${l.timestamp.toISOString()} ${l.level.padEnd(5)} ${l.taskId ?? "-"} ${l.message}`).join("\n");
  return new Response(text + (text ? "\n" : ""), {
    headers: { "content-type": "text/plain; charset=utf-8", "content-disposition": `attachment; filename="${call.params.executionId}.log"` },
  });
});
