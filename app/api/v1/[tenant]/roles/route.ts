import { withTenant } from "@/db/tenant";
import { createRole, findRoles, publicRole, recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { roleBody } from "@/lib/api/schemas";

export const GET = tenantRoute({ permission: ["ROLE", "READ"], query: pageQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findRoles(tx, query));
  return paged(results.map(publicRole), total);
});

export const POST = tenantRoute(
  { permission: ["ROLE", "CREATE"], body: roleBody },
  async ({ ctx, tenantId, body }) =>
    withTenant(ctx, async (tx) => {
      const role = await createRole(tx, { tenantId, ...body });
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "ROLE", resourceId: role.id, detail: { name: role.name } });
      return publicRole(role);
    }),
  201,
);
