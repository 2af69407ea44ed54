import { withTenant } from "@/db/tenant";
import { getFlow, getFlowRevision } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { flowGetQuery, flowParams, publicFlow, readYamlBody } from "@/lib/api/flows";
import { deleteFlow, updateFlow } from "@/lib/server/flows";
import { ApiError } from "@/lib/errors";

const notFound = (ns: string, id: string) => new ApiError("not_found", `Flow ${ns}.${id} not found`);

export const GET = tenantRoute({ permission: ["FLOW", "READ"], query: flowGetQuery }, async ({ ctx, params, query, can }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  // A flow the caller may not read looks like one that does not exist.
  if (!can("FLOW", "READ", namespace)) throw notFound(namespace, id);
  const row = await withTenant(ctx, async (tx) => {
    if (query.revision) return getFlowRevision(tx, { namespace, id, revision: query.revision });
    return getFlow(tx, { namespace, id, includeDeleted: query.allowDeleted === "true" });
  });
  if (!row) throw notFound(namespace, id);
  return publicFlow(row, { source: query.source !== "false" });
});

/** Replace a flow's source; a new revision only when the source changed. */
export const PUT = tenantRoute({ permission: ["FLOW", "UPDATE"] }, async ({ req, actor, params, require }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  // Before the body is read; the use case checks again.
  require("FLOW", "UPDATE", namespace);
  const { row } = await updateFlow(actor, { namespace, id, source: await readYamlBody(req) });
  return publicFlow(row);
});

export const DELETE = tenantRoute({ permission: ["FLOW", "DELETE"] }, async ({ actor, params }) => {
  await deleteFlow(actor, parseWith(flowParams, params, "path"));
  return undefined;
});
