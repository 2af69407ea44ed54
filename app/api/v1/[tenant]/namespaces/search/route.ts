import { withTenant } from "@/db/tenant";
import { namespaceSummaries } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { namespaceScope } from "@/lib/permissions";

/** Namespaces of the tenant, derived from its flows: `{id, flowCount}` paged. */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"], query: pageQuery }, async ({ ctx, grants, query }) => {
  const rows = await withTenant(ctx, (tx) => namespaceSummaries(tx, { scope: namespaceScope(grants, "NAMESPACE", "READ"), q: query.q }));
  const start = (query.page - 1) * query.size;
  return paged(
    rows.slice(start, start + query.size).map((r) => ({ id: r.namespace, flowCount: r.flowCount, updated: new Date(r.updatedAt).toISOString() })),
    rows.length,
  );
});
