import { asSuperadmin } from "@/db/tenant";
import { updateTenant as saveTenant } from "@/db/queries/tenants";
import type { TenantSettings } from "@/db/schema";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";

/** Renames a tenant, changes its colour or its settings (superadmins only); the id never changes. */
export async function updateTenant(actor: InstanceActor, { id, patch }: { id: string; patch: { name?: string; color?: string; settings?: Partial<TenantSettings> } }) {
  requireSuperadmin(actor);
  return asSuperadmin({ actorId: actor.userId, action: "UPDATE", targetType: "TENANT", targetId: id, detail: JSON.stringify(patch) }, async (tx) => {
    const tenant = await saveTenant(tx, id, patch);
    if (!tenant) throw new ApiError("not_found", `Tenant ${id} not found: it no longer exists.`);
    return tenant;
  });
}
