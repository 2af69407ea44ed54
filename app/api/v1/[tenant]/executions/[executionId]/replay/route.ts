import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { executionUrl } from "@/lib/api/executions";
import { replayExecution } from "@/lib/server/executions";

/** A new execution replayed from `taskRunId` (or from the start). */
export const POST = tenantRoute(
  { permission: ["EXECUTION", "CREATE"], query: z.object({ taskRunId: z.string().min(1).max(64).optional() }) },
  async ({ actor, tenantId, params, query }) => {
    const execution = await replayExecution(actor, { id: params.executionId, taskRunId: query.taskRunId ?? null });
    return { ...execution, url: executionUrl(tenantId, execution) };
  },
);
