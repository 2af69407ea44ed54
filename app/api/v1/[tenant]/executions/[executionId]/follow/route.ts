import { tenantRoute } from "@/lib/api/route";
import { findExecution } from "@/lib/server/executions";
import { eventStream } from "@/lib/api/sse";
import { readExecution } from "@/lib/server/executions";
import { nextExecutionSignal } from "@/engine/worker/wakeup";
import { isTerminated } from "@/engine/executor/state";

const MAX_FOLLOW_MS = 60 * 60_000;

/** SSE: `progress` with the Execution at each change, then `end` once it has ended. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"] }, async (call) => {
  const first = await findExecution(call.actor, { id: call.params.executionId });
  return eventStream(call.req, async (send, signal) => {
    const deadline = Date.now() + MAX_FOLLOW_MS;
    let last = "";
    let execution = first;
    while (!signal.aborted && Date.now() < deadline) {
      const json = JSON.stringify(execution);
      if (json !== last) {
        send("progress", execution);
        last = json;
      }
      if (isTerminated(execution.state.current)) {
        send("end", execution);
        return;
      }
      // Woken by saves in this process; the timeout covers workers in other processes.
      await nextExecutionSignal(call.tenantId, execution.id, 1000);
      execution = (await readExecution(call.tenantId, execution.id)) ?? execution;
    }
  });
});
