import { withTenant } from "@/db/tenant";
import { deleteFlow, getFlow, getFlowRevision, saveFlow } from "@/db/queries/flows";
import { recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { flowGetQuery, flowParams, parseFlowOrThrow, publicFlow, readYamlBody } from "@/lib/api/flows";
import { ApiError } from "@/lib/errors";

const notFound = (ns: string, id: string) => new ApiError("not_found", `Flow ${ns}.${id} not found`);

export const GET = tenantRoute({ permission: ["FLOW", "READ"], query: flowGetQuery }, async ({ ctx, params, query, can }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  if (!can("FLOW", "READ", namespace)) throw notFound(namespace, id);
  const row = await withTenant(ctx, async (tx) => {
    if (query.revision) return getFlowRevision(tx, { namespace, id, revision: query.revision });
    return getFlow(tx, { namespace, id, includeDeleted: query.allowDeleted === "true" });
  });
  if (!row) throw notFound(namespace, id);
  return publicFlow(row, { source: query.source !== "false" });
});

/** Replace a flow's source; a new revision only when the source changed. */
export const PUT = tenantRoute({ permission: ["FLOW", "UPDATE"] }, async ({ req, ctx, tenantId, params, can }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  if (!can("FLOW", "UPDATE", namespace)) throw new ApiError("forbidden", `Missing permission FLOW:UPDATE in namespace ${namespace}`);
  const source = await readYamlBody(req);
  const flow = parseFlowOrThrow(source);
  if (flow.namespace !== namespace || flow.id !== id) {
    const path = flow.namespace !== namespace ? "namespace" : "id";
    throw new ApiError("unprocessable", `The flow's ${path} cannot change (the URL names ${namespace}.${id})`, [{ path, message: "must match the URL" }]);
  }
  const result = await withTenant(ctx, async (tx) => {
    const saved = await saveFlow(tx, { tenantId, flow, source, authorId: ctx.userId, mode: "update" });
    if (saved.status === "updated") {
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "FLOW", resourceId: `${namespace}.${id}`, detail: { revision: saved.row.revision } });
    }
    return saved;
  });
  if (!("row" in result)) throw notFound(namespace, id);
  return publicFlow(result.row);
});

export const DELETE = tenantRoute({ permission: ["FLOW", "DELETE"] }, async ({ ctx, tenantId, params, can }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  if (!can("FLOW", "DELETE", namespace)) throw new ApiError("forbidden", `Missing permission FLOW:DELETE in namespace ${namespace}`);
  const row = await withTenant(ctx, async (tx) => {
    const deleted = await deleteFlow(tx, { tenantId, namespace, id, authorId: ctx.userId });
    if (deleted) await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "FLOW", resourceId: `${namespace}.${id}` });
    return deleted;
  });
  if (!row) throw notFound(namespace, id);
  return undefined;
});
