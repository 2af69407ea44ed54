import { withTenant } from "@/db/tenant";
import { getGroupByName, updateGroup as patchGroup } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { duplicateGroup } from "./create";

/** Renames a group or changes its description (GROUP:UPDATE). */
export async function updateGroup(actor: Actor, { id, patch }: { id: string; patch: { name?: string; description?: string | null } }) {
  actor.require("GROUP", "UPDATE");
  return withTenant(actor, async (tx) => {
    if (patch.name) {
      const same = await getGroupByName(tx, { name: patch.name });
      if (same && same.id !== id) throw duplicateGroup(patch.name);
    }
    const group = await patchGroup(tx, id, patch);
    if (!group) throw new ApiError("not_found", `Group ${id} not found`);
    await audit(tx, actor, { action: "UPDATE", resourceType: "GROUP", resourceId: id, detail: patch });
    return group;
  });
}
