import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { createBinding, findBindings, getRole, hasTenantAccess, publicBinding, recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { bindingBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";

const bindingQuery = pageQuery.extend({ externalId: z.string().max(64).optional() });

export const GET = tenantRoute({ permission: ["BINDING", "READ"], query: bindingQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findBindings(tx, query));
  return paged(results.map(publicBinding), total);
});

export const POST = tenantRoute(
  { permission: ["BINDING", "CREATE"], body: bindingBody },
  async ({ ctx, tenantId, body }) =>
    withTenant(ctx, async (tx) => {
      if (!(await getRole(tx, { id: body.roleId }))) {
        throw new ApiError("unprocessable", `No role ${body.roleId} in this tenant`, [{ path: "roleId", message: "no such role" }]);
      }
      if (body.type === "USER" && !(await hasTenantAccess(tx, { tenantId, userId: body.externalId }))) {
        throw new ApiError("unprocessable", "This user has no access to the tenant; grant access first", [
          { path: "externalId", message: "no tenant access" },
        ]);
      }
      const binding = await createBinding(tx, { tenantId, ...body });
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "BINDING", resourceId: binding.id, detail: body });
      return publicBinding(binding);
    }),
  201,
);
