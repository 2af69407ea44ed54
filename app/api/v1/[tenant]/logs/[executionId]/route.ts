import { withTenant } from "@/db/tenant";
import { renderExecutionLogs } from "@/db/queries/logs";
import { tenantRoute } from "@/lib/api/route";
import { findExecution } from "@/lib/server/executions";
import { logPageQuery, streamLogs } from "@/lib/api/logs";

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/**
 * The execution's log lines in order (Kestra: every line as LogEntry[]). With `limit`,
 * one page from `afterSeq`, its last line's `seq` in `X-Log-Cursor`; without, all lines,
 * streamed page by page.
 */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logPageQuery }, async (call) => {
  await findExecution(call.actor, { id: call.params.executionId });
  const { afterSeq, limit, format = "entry", ...filters } = call.query;
  const q = { executionId: call.params.executionId, ...filters, afterSeq };
  if (limit === undefined) return new Response(streamLogs(call.ctx, q, format, { prefix: "[", separator: ",", suffix: "]" }), { headers: JSON_TYPE });
  const page = await withTenant(call.ctx, (tx) => renderExecutionLogs(tx, { ...q, limit, render: format }));
  const headers: Record<string, string> = { ...JSON_TYPE };
  if (page.lastSeq !== null) headers["x-log-cursor"] = String(page.lastSeq);
  return new Response(`[${page.text}]`, { headers });
});
