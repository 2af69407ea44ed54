import { withTenant } from "@/db/tenant";
import { findGroupMembers, getGroup } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { ApiError } from "@/lib/errors";

export const GET = tenantRoute({ permission: ["GROUP", "READ"], query: pageQuery }, async ({ ctx, params, query }) => {
  const found = await withTenant(ctx, async (tx) => {
    if (!(await getGroup(tx, { id: params.id }))) return null;
    return findGroupMembers(tx, { groupId: params.id, ...query });
  });
  if (!found) throw new ApiError("not_found", `Group ${params.id} not found`);
  return paged(
    found.results.map((m) => ({ id: m.userId, email: m.email, firstName: m.firstName, lastName: m.lastName, addedAt: m.createdAt.toISOString() })),
    found.total,
  );
});
