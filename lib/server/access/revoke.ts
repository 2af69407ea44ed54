import { withTenant } from "@/db/tenant";
import { revokeTenantAccess as removeAccess } from "@/db/queries/access";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Revokes a user's access to the tenant and their role bindings there (TENANT_ACCESS:DELETE). */
export async function revokeTenantAccess(actor: Actor, { userId }: { userId: string }): Promise<void> {
  actor.require("TENANT_ACCESS", "DELETE");
  await withTenant(actor, async (tx) => {
    if (!(await removeAccess(tx, { userId }))) throw new ApiError("not_found", "This user has no access to the tenant any more.");
    await audit(tx, actor, { action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: userId });
  });
}
