import { withTenant } from "@/db/tenant";
import { deleteGroup as removeGroup } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a group, its memberships and the roles bound to it (GROUP:DELETE). */
export async function deleteGroup(actor: Actor, { id }: { id: string }): Promise<void> {
  actor.require("GROUP", "DELETE");
  await withTenant(actor, async (tx) => {
    const group = await removeGroup(tx, { id });
    if (!group) throw new ApiError("not_found", `Group ${id} not found`);
    await audit(tx, actor, { action: "DELETE", resourceType: "GROUP", resourceId: id, detail: { name: group.name } });
  });
}
