import { withTenant } from "@/db/tenant";
import { findExecutionLogs } from "@/db/queries/executions";
import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { logQuery, publicLog } from "@/lib/api/logs";

export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logQuery }, async (call) => {
  await requireExecution(call, "READ");
  const rows = await withTenant(call.ctx, (tx) => findExecutionLogs(tx, { executionId: call.params.executionId, ...call.query }));
  return rows.map(publicLog);
});
