import { NextResponse } from "next/server";
import { withTenant } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { errorResponse } from "@/lib/api/route";
import { assertCleanRequest, assertStorable, readBody } from "@/lib/api/request";
import { executionUrl } from "@/lib/api/executions";
import { startExecutionByWebhook, waitForEnd } from "@/lib/server/executions";
import { takeWebhookToken } from "@/lib/api/webhook-limit";
import { ApiError } from "@/lib/errors";
import { DEFAULT_TENANT } from "@/lib/env";
import { isMultiTenant, tenantIdSchema } from "@/lib/tenancy";

/** How long a `wait: true` webhook call waits for its execution to end. */
const WAIT_MS = 10 * 60_000;

type Context = { params: Promise<Record<string, string>> };

/**
 * Starts a flow through its Webhook trigger. As in Kestra, the key is the credential: no
 * session or token is needed, and an unknown tenant, flow or key all answer the same 404.
 * Calls are rate-limited per tenant (429 with Retry-After).
 */
async function handle(req: Request, context: Context): Promise<Response> {
  try {
    const params = await context.params;
    assertCleanRequest(req, params);
    const tenantId = params.tenant ?? (isMultiTenant() ? "" : DEFAULT_TENANT);
    const notFound = new ApiError("not_found", "No such webhook");
    if (!tenantIdSchema.safeParse(tenantId).success) throw notFound;
    const tenant = await withTenant({ tenantId }, (tx) => getTenant(tx, { id: tenantId }));
    if (!tenant) throw notFound;
    takeWebhookToken(tenantId);
    const url = new URL(req.url);
    const parameters: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (parameters[k] ??= []).push(v);
    const headers: Record<string, string[]> = {};
    req.headers.forEach((v, k) => {
      if (k !== "authorization" && k !== "cookie") headers[k] = [v];
    });
    const body = req.method === "GET" ? undefined : await readBody(req, 1024 * 1024);
    assertStorable(body, "body");
    if (body && /json/i.test(req.headers.get("content-type") ?? "")) {
      try {
        assertStorable(JSON.parse(body), "body");
      } catch (error) {
        if (error instanceof ApiError) throw error;
      }
    }
    const started = await startExecutionByWebhook({
      tenantId,
      namespace: params.namespace,
      flowId: params.flowId,
      key: params.key,
      call: { method: req.method, parameters, headers, body, contentType: req.headers.get("content-type") ?? undefined },
    });
    if (!started) throw notFound;
    let execution = started.execution;
    // Kestra's `wait`: answer once the execution ended; `returnOutputs`: answer with its outputs.
    if (started.options.wait) execution = (await waitForEnd(tenantId, execution.id, WAIT_MS, execution)) ?? execution;
    if (started.options.wait && started.options.returnOutputs) return NextResponse.json(execution.outputs ?? {});
    return NextResponse.json({
      tenantId,
      id: execution.id,
      namespace: execution.namespace,
      flowId: execution.flowId,
      flowRevision: execution.flowRevision,
      state: execution.state,
      ...(started.options.wait ? { outputs: execution.outputs ?? {} } : {}),
      url: executionUrl(tenantId, execution),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export const GET = handle;
export const POST = handle;
export const PUT = handle;
