import { withTenant } from "@/db/tenant";
import { renderExecutionLogs } from "@/db/queries/logs";
import { tenantRoute } from "@/lib/api/route";
import { findExecution } from "@/lib/server/executions";
import { logFollowQuery } from "@/lib/api/logs";
import { eventStream } from "@/lib/api/sse";
import { readExecution } from "@/lib/server/executions";
import { nextExecutionSignal } from "@/engine/worker/wakeup";
import { isTerminated } from "@/engine/executor/state";

const PAGE = 5000;

/** A numeric `Last-Event-ID` (the `seq` of the last line the browser got before it reconnected). */
function lastEventId(req: Request): number | undefined {
  const raw = req.headers.get("last-event-id");
  return raw && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * SSE of LogEntry (event `log`, `id` = the line's `seq`) as they are written, ending with
 * `end` after the execution ends. Starts after `afterSeq` (or `Last-Event-ID`) when given,
 * so a client that already holds the first lines, or reconnects, gets only the rest.
 */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query: logFollowQuery }, async (call) => {
  await findExecution(call.actor, { id: call.params.executionId });
  const executionId = call.params.executionId;
  const { afterSeq: from, ...filters } = call.query;
  return eventStream(call.req, async (send, signal, write) => {
    let afterSeq = from ?? lastEventId(call.req);
    /** Sends the lines written since the cursor; whether a full page came (more may wait). */
    const drain = async () => {
      const page = await withTenant(call.ctx, (tx) => renderExecutionLogs(tx, { executionId, ...filters, afterSeq, limit: PAGE, render: "event" }));
      if (page.count > 0) write(`${page.text}\n\n`);
      afterSeq = page.lastSeq ?? afterSeq;
      return page.count === PAGE;
    };
    const deadline = Date.now() + 60 * 60_000;
    while (!signal.aborted && Date.now() < deadline) {
      if (await drain()) continue;
      const execution = await readExecution(call.tenantId, executionId);
      if (!execution || isTerminated(execution.state.current)) {
        while (!signal.aborted && (await drain()));
        send("end", {});
        return;
      }
      await nextExecutionSignal(call.tenantId, executionId, 1000);
    }
  });
});
