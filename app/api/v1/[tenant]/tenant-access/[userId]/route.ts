import { withTenant } from "@/db/tenant";
import { getTenantAccess } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { revokeTenantAccess } from "@/lib/server/access";

const notFound = () => new ApiError("not_found", "This user has no access to the tenant");

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"] }, async ({ ctx, params }) => {
  const row = await withTenant(ctx, (tx) => getTenantAccess(tx, { userId: params.userId }));
  if (!row) throw notFound();
  return { userId: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt.toISOString() };
});

export const DELETE = tenantRoute({ permission: ["TENANT_ACCESS", "DELETE"] }, async ({ actor, params }) => {
  await revokeTenantAccess(actor, { userId: params.userId });
  return undefined;
});
