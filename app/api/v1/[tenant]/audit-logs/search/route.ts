import { withTenant } from "@/db/tenant";
import { findAuditLogs } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";

export const GET = tenantRoute({ permission: ["AUDITLOG", "READ"], query: pageQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findAuditLogs(tx, query));
  return paged(
    results.map((r) => ({ ...r, at: r.at.toISOString() })),
    total,
  );
});
