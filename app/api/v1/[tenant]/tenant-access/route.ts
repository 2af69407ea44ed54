import { withTenant } from "@/db/tenant";
import { listTenantAccess } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { tenantAccessBody } from "@/lib/api/schemas";
import { grantTenantAccess } from "@/lib/server/access";

function view(row: { userId: string; email: string; firstName: string | null; lastName: string | null; createdAt: Date }) {
  return { userId: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt.toISOString() };
}

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"] }, async ({ ctx }) => {
  const rows = await withTenant(ctx, (tx) => listTenantAccess(tx));
  return { results: rows.map(view), total: rows.length };
});

export const POST = tenantRoute(
  { permission: ["TENANT_ACCESS", "CREATE"], body: tenantAccessBody },
  async ({ actor, body }) => view((await grantTenantAccess(actor, body.userId ? { userId: body.userId } : { email: body.email! })).access),
  201,
);
