import { asSuperadmin } from "@/db/tenant";
import { deleteTenant as removeTenant } from "@/db/queries/tenants";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";

/** Deletes a tenant (superadmins only); its id stays taken. */
export async function deleteTenant(actor: InstanceActor, { id }: { id: string }): Promise<void> {
  requireSuperadmin(actor);
  await asSuperadmin({ actorId: actor.userId, action: "DELETE", targetType: "TENANT", targetId: id }, async (tx) => {
    if (!(await removeTenant(tx, id))) throw new ApiError("not_found", `Tenant ${id} not found: it no longer exists.`);
  });
}
