import { withTenant } from "@/db/tenant";
import { getUser, getUserByEmail } from "@/db/queries/users";
import { getTenantAccess, grantTenantAccess, listTenantAccess, recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { tenantAccessBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";

function view(row: { userId: string; email: string; firstName: string | null; lastName: string | null; createdAt: Date }) {
  return { userId: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName, createdAt: row.createdAt.toISOString() };
}

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"] }, async ({ ctx }) => {
  const rows = await withTenant(ctx, (tx) => listTenantAccess(tx));
  return { results: rows.map(view), total: rows.length };
});

export const POST = tenantRoute(
  { permission: ["TENANT_ACCESS", "CREATE"], body: tenantAccessBody },
  async ({ ctx, tenantId, body }) =>
    withTenant(ctx, async (tx) => {
      const user = body.userId ? await getUser(tx, { id: body.userId }) : await getUserByEmail(tx, { email: body.email! });
      if (!user) {
        const path = body.userId ? "userId" : "email";
        throw new ApiError("unprocessable", "No user with this " + path, [{ path, message: "no such user" }]);
      }
      const { created } = await grantTenantAccess(tx, { tenantId, userId: user.id });
      if (created) await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "TENANT_ACCESS", resourceId: user.id, detail: { email: user.email } });
      return view((await getTenantAccess(tx, { userId: user.id }))!);
    }),
  201,
);
