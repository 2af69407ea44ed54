import { withTenant } from "@/db/tenant";
import { hasTenantAccess } from "@/db/queries/access";
import { deleteGroupMember, getGroup, insertGroupMember } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

const noGroup = (id: string) => new ApiError("not_found", `Group ${id} not found`);

/**
 * Adds a member of the tenant to a group (GROUP:UPDATE); the group's roles apply from
 * their next request. Someone without access to the tenant is refused like an unknown id.
 */
export async function addGroupMember(actor: Actor, { groupId, userId }: { groupId: string; userId: string }) {
  actor.require("GROUP", "UPDATE");
  return withTenant(actor, async (tx) => {
    if (!(await getGroup(tx, { id: groupId }))) throw noGroup(groupId);
    if (!(await hasTenantAccess(tx, { tenantId: actor.tenantId, userId }))) {
      throw new ApiError("not_found", "No member of this tenant has this id; invite them first.");
    }
    const { created } = await insertGroupMember(tx, { tenantId: actor.tenantId, groupId, userId });
    if (created) await audit(tx, actor, { action: "UPDATE", resourceType: "GROUP", resourceId: groupId, detail: { addedMember: userId } });
    return { created };
  });
}

/** Removes a member from a group (GROUP:UPDATE): the group's rights end with their next request. */
export async function removeGroupMember(actor: Actor, { groupId, userId }: { groupId: string; userId: string }): Promise<void> {
  actor.require("GROUP", "UPDATE");
  await withTenant(actor, async (tx) => {
    if (!(await getGroup(tx, { id: groupId }))) throw noGroup(groupId);
    if (!(await deleteGroupMember(tx, { groupId, userId }))) throw new ApiError("not_found", "This user is not a member of the group.");
    await audit(tx, actor, { action: "UPDATE", resourceType: "GROUP", resourceId: groupId, detail: { removedMember: userId } });
  });
}
