import { withTenant } from "@/db/tenant";
import { deleteBinding as removeBinding } from "@/db/queries/access";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Removes one role binding (BINDING:DELETE); 404 when it was already removed. */
export async function deleteBinding(actor: Actor, { id }: { id: string }): Promise<void> {
  actor.require("BINDING", "DELETE");
  await withTenant(actor, async (tx) => {
    if (!(await removeBinding(tx, { id }))) throw new ApiError("not_found", `Binding ${id} not found: it was already removed.`);
    await audit(tx, actor, { action: "DELETE", resourceType: "BINDING", resourceId: id });
  });
}
