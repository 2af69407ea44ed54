import { withTenant } from "@/db/tenant";
import { getRole, updateRole as saveRole } from "@/db/queries/access";
import { ApiError } from "@/lib/errors";
import type { PermissionMap } from "@/lib/permissions";
import type { Actor } from "../actor";
import { audit } from "../audit";

export type RolePatch = { name?: string; description?: string | null; permissions?: PermissionMap };

/** Saves a role's name, description and permissions (ROLE:UPDATE); managed roles keep their name. */
export async function updateRole(actor: Actor, { id, patch }: { id: string; patch: RolePatch }) {
  actor.require("ROLE", "UPDATE");
  return withTenant(actor, async (tx) => {
    const current = await getRole(tx, { id });
    if (!current) throw new ApiError("not_found", `Role ${id} not found: it no longer exists.`);
    if (current.managed && patch.name !== undefined && patch.name !== current.name) {
      throw new ApiError("unprocessable", "Managed roles keep their name", [{ path: "name", message: "managed role" }]);
    }
    const updated = await saveRole(tx, id, patch);
    await audit(tx, actor, { action: "UPDATE", resourceType: "ROLE", resourceId: id, detail: patch });
    return updated!;
  });
}
