import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { executionUrl, requireExecution } from "@/lib/api/executions";
import { replayExecution } from "@/engine/worker/commands";

/** A new execution replayed from `taskRunId` (or from the start). */
export const POST = tenantRoute(
  { permission: ["EXECUTION", "CREATE"], query: z.object({ taskRunId: z.string().min(1).max(64).optional() }) },
  async (call) => {
    await requireExecution(call, "CREATE");
    const execution = await replayExecution(call.tenantId, call.params.executionId, call.query.taskRunId ?? null);
    return { ...execution, url: executionUrl(call.tenantId, execution) };
  },
);
