import { asSuperadmin } from "@/db/tenant";
import { createTenant, getTenant } from "@/db/queries/tenants";
import { instanceRoute } from "@/lib/api/route";
import { tenantCreateBody } from "@/lib/api/schemas";
import { adminTenant } from "@/lib/api/views";
import { ApiError } from "@/lib/errors";

export const POST = instanceRoute(
  { body: tenantCreateBody },
  async ({ caller, body }) => {
    const action = { actorId: caller.user.id, action: "CREATE", targetType: "TENANT", targetId: body.id, tenantId: body.id };
    const tenant = await asSuperadmin(action, async (tx) => {
      if (await getTenant(tx, { id: body.id, includeDeleted: true })) return null;
      return createTenant(tx, body);
    });
    if (!tenant) throw new ApiError("conflict", `Tenant ${body.id} already exists (or existed: ids of deleted tenants stay taken)`, [{ path: "id", message: "already exists" }]);
    return adminTenant(tenant);
  },
  201,
);
