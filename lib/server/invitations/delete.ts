import { withTenant } from "@/db/tenant";
import { deleteInvitation as removeInvitation } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Withdraws an invitation (TENANT_ACCESS:DELETE). */
export async function deleteInvitation(actor: Actor, { id }: { id: string }): Promise<void> {
  actor.require("TENANT_ACCESS", "DELETE");
  await withTenant(actor, async (tx) => {
    const invitation = await removeInvitation(tx, { id });
    if (!invitation) throw new ApiError("not_found", `Invitation ${id} not found`);
    await audit(tx, actor, { action: "DELETE", resourceType: "INVITATION", resourceId: id, detail: { email: invitation.email } });
  });
}
