import { withTenant } from "@/db/tenant";
import { deleteFlow as markFlowDeleted } from "@/db/queries/flows";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a flow (FLOW:DELETE in its namespace); its revisions stay, a last one marks the deletion. */
export async function deleteFlow(actor: Actor, { namespace, id }: { namespace: string; id: string }): Promise<void> {
  actor.require("FLOW", "DELETE", namespace);
  await withTenant(actor, async (tx) => {
    const row = await markFlowDeleted(tx, { tenantId: actor.tenantId, namespace, id, authorId: actor.userId });
    if (!row) throw new ApiError("not_found", `The flow ${namespace}.${id} no longer exists (or never did).`);
    await audit(tx, actor, { action: "DELETE", resourceType: "FLOW", resourceId: `${namespace}.${id}` });
  });
}
