import { withTenant } from "@/db/tenant";
import { deleteRole as removeRole, getRole } from "@/db/queries/access";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a custom role and, by cascade, its bindings (ROLE:DELETE); managed roles stay (409). */
export async function deleteRole(actor: Actor, { id }: { id: string }): Promise<void> {
  actor.require("ROLE", "DELETE");
  await withTenant(actor, async (tx) => {
    const role = await getRole(tx, { id });
    if (!role) throw new ApiError("not_found", `Role ${id} not found: it no longer exists.`);
    if (role.managed) throw new ApiError("conflict", `${role.name} is a managed role and cannot be deleted.`);
    await removeRole(tx, { id });
    await audit(tx, actor, { action: "DELETE", resourceType: "ROLE", resourceId: id, detail: { name: role.name } });
  });
}
