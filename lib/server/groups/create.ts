import { withTenant } from "@/db/tenant";
import { hasTenantAccess } from "@/db/queries/access";
import { getGroupByName, insertGroup, insertGroupMember } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

export const duplicateGroup = (name: string) =>
  new ApiError("conflict", `A group named ${name} already exists in this tenant.`, [{ path: "name", message: "already exists" }]);

/** Creates a group of the tenant's members (GROUP:CREATE), with `memberIds` in it from the start (Kestra's `membersId`). */
export async function createGroup(actor: Actor, input: { name: string; description?: string | null; memberIds?: string[] }) {
  actor.require("GROUP", "CREATE");
  return withTenant(actor, async (tx) => {
    if (await getGroupByName(tx, { name: input.name })) throw duplicateGroup(input.name);
    const group = await insertGroup(tx, { tenantId: actor.tenantId, name: input.name, description: input.description });
    const members = [...new Set(input.memberIds ?? [])];
    for (const [i, userId] of members.entries()) {
      if (!(await hasTenantAccess(tx, { tenantId: actor.tenantId, userId }))) {
        throw new ApiError("unprocessable", "No member of this tenant has this id; invite them first.", [{ path: `membersId.${i}`, message: "not a member of the tenant" }]);
      }
      await insertGroupMember(tx, { tenantId: actor.tenantId, groupId: group.id, userId });
    }
    await audit(tx, actor, { action: "CREATE", resourceType: "GROUP", resourceId: group.id, detail: { name: group.name, ...(members.length ? { members } : {}) } });
    return group;
  });
}
