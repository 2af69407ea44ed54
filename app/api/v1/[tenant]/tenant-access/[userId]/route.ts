import { withTenant } from "@/db/tenant";
import { getTenantAccess, recordAudit, revokeTenantAccess } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";

const notFound = () => new ApiError("not_found", "This user has no access to the tenant");

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"] }, async ({ ctx, params }) => {
  const row = await withTenant(ctx, (tx) => getTenantAccess(tx, { userId: params.userId }));
  if (!row) throw notFound();
  return { userId: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt.toISOString() };
});

export const DELETE = tenantRoute({ permission: ["TENANT_ACCESS", "DELETE"] }, async ({ ctx, tenantId, params }) => {
  const row = await withTenant(ctx, async (tx) => {
    const revoked = await revokeTenantAccess(tx, { userId: params.userId });
    if (revoked) await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: params.userId });
    return revoked;
  });
  if (!row) throw notFound();
  return undefined;
});
