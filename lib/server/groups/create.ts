import { withTenant } from "@/db/tenant";
import { getGroupByName, insertGroup } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

export const duplicateGroup = (name: string) =>
  new ApiError("conflict", `A group named ${name} already exists in this tenant.`, [{ path: "name", message: "already exists" }]);

/** Creates a group of the tenant's members (GROUP:CREATE). */
export async function createGroup(actor: Actor, input: { name: string; description?: string | null }) {
  actor.require("GROUP", "CREATE");
  return withTenant(actor, async (tx) => {
    if (await getGroupByName(tx, { name: input.name })) throw duplicateGroup(input.name);
    const group = await insertGroup(tx, { tenantId: actor.tenantId, ...input });
    await audit(tx, actor, { action: "CREATE", resourceType: "GROUP", resourceId: group.id, detail: { name: group.name } });
    return group;
  });
}
