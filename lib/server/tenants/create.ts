import { asSuperadmin } from "@/db/tenant";
import { createTenant as insertTenant, getTenant } from "@/db/queries/tenants";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";

/** Creates a tenant with its managed roles (superadmins only); ids of deleted tenants stay taken (409). */
export async function createTenant(actor: InstanceActor, input: { id: string; name: string; color?: string }) {
  requireSuperadmin(actor);
  return asSuperadmin({ actorId: actor.userId, action: "CREATE", targetType: "TENANT", targetId: input.id, tenantId: input.id }, async (tx) => {
    const taken = () => new ApiError("conflict", `Tenant ${input.id} already exists (or existed: ids of deleted tenants stay taken).`, [{ path: "id", message: "already exists" }]);
    if (await getTenant(tx, { id: input.id, includeDeleted: true })) throw taken();
    const tenant = await insertTenant(tx, input);
    if (!tenant) throw taken();
    return tenant;
  });
}
