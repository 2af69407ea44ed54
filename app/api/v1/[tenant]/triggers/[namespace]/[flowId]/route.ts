import { withTenant } from "@/db/tenant";
import { findTriggers } from "@/db/queries/triggers";
import { getFlow } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { triggerContext } from "@/lib/api/triggers";
import { ApiError } from "@/lib/errors";

/** Kestra's GET /triggers/{namespace}/{flowId}: the contexts of one flow's triggers, paged. */
export const GET = tenantRoute({ permission: ["TRIGGER", "READ"], query: pageQuery }, async ({ ctx, can, params, query }) => {
  const { namespace, flowId } = params;
  const notFound = () => new ApiError("not_found", `Flow ${namespace}.${flowId} not found`);
  if (!can("TRIGGER", "READ", namespace)) throw notFound();
  return withTenant(ctx, async (tx) => {
    const flow = await getFlow(tx, { namespace, id: flowId });
    if (!flow || flow.deleted) throw notFound();
    const { rows, total } = await findTriggers(tx, { page: query.page, size: query.size, namespace, exactNamespace: true, flowId, scope: null });
    const definitions = (flow.definition.triggers ?? []) as Record<string, unknown>[];
    return paged(rows.map((row) => triggerContext(row, definitions.find((t) => t.id === row.triggerId))), total);
  });
});
