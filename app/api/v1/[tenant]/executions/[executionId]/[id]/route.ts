import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { createQuery, executionUrl, labelsFromQuery, readExecutionInputs, scheduleDateOf } from "@/lib/api/executions";
import { startExecution, waitForEnd } from "@/lib/server/executions";

// The first segment is the flow's namespace here: Next.js needs one slug name per level,
// and `executions/{executionId}` shares this level.
const params = z.object({ executionId: namespaceSchema, id: z.string().min(1).max(100) });

/**
 * Starts an execution of a flow: inputs as multipart parts (files for FILE inputs),
 * `?labels=k:v`, `?revision=n`, `?wait=true` to answer once it ends, `?scheduleDate=` (ISO
 * date-time with offset) to create it now and run it when that date comes. 409 for a disabled
 * flow, 422 for bad inputs, nothing created on refusal.
 */
export const POST = tenantRoute(
  { permission: ["EXECUTION", "CREATE"], query: createQuery },
  async ({ req, actor, tenantId, params: raw, query, require }) => {
    const { executionId: namespace, id: flowId } = parseWith(params, raw, "path");
    // Before the body is read; the use case checks again.
    require("EXECUTION", "CREATE", namespace);
    const labels = labelsFromQuery(new URL(req.url));
    const scheduleDate = scheduleDateOf(query.scheduleDate);
    const { inputs, files } = await readExecutionInputs(req);
    let execution = await startExecution(actor, { namespace, flowId, revision: query.revision, inputs, files, labels, scheduleDate });
    if (query.wait === "true") execution = (await waitForEnd(tenantId, execution.id, 10 * 60_000, execution)) ?? execution;
    return { ...execution, url: executionUrl(tenantId, execution) };
  },
  200,
);
