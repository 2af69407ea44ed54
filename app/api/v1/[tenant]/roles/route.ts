import { withTenant } from "@/db/tenant";
import { findRoles, publicRole } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { roleBody } from "@/lib/api/schemas";
import { createRole } from "@/lib/server/roles";

export const GET = tenantRoute({ permission: ["ROLE", "READ"], query: pageQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findRoles(tx, query));
  return paged(results.map(publicRole), total);
});

export const POST = tenantRoute({ permission: ["ROLE", "CREATE"], body: roleBody }, async ({ actor, body }) => publicRole(await createRole(actor, body)), 201);
