import { withTenant } from "@/db/tenant";
import { findExecutionLogs } from "@/db/queries/executions";
import { tenantRoute } from "@/lib/api/route";
import { requireExecution } from "@/lib/api/executions";
import { logQuery, publicLog } from "@/lib/api/logs";
import { eventStream } from "@/lib/api/sse";
import { readExecution } from "@/engine/worker/commands";
import { nextExecutionSignal } from "@/engine/worker/wakeup";
import { isTerminated } from "@/engine/executor/state";

/** SSE of LogEntry (event `log`) as they are written, ending with `end` after the execution ends. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logQuery }, async (call) => {
  await requireExecution(call, "READ");
  const executionId = call.params.executionId;
  return eventStream(call.req, async (send, signal) => {
    let afterSeq = -1;
    const deadline = Date.now() + 60 * 60_000;
    while (!signal.aborted && Date.now() < deadline) {
      const rows = await withTenant(call.ctx, (tx) => findExecutionLogs(tx, { executionId, ...call.query, afterSeq, limit: 5000 }));
      for (const row of rows) {
        send("log", publicLog(row));
        afterSeq = row.seq;
      }
      if (rows.length === 5000) continue;
      const execution = await readExecution(call.tenantId, executionId);
      if (!execution || isTerminated(execution.state.current)) {
        const tail = await withTenant(call.ctx, (tx) => findExecutionLogs(tx, { executionId, ...call.query, afterSeq }));
        for (const row of tail) send("log", publicLog(row));
        send("end", {});
        return;
      }
      await nextExecutionSignal(call.tenantId, executionId, 1000);
    }
  });
});
