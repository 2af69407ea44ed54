import { withInstance } from "@/db/tenant";
import { deleteApiToken } from "@/db/queries/tokens";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";
import { auditInstance } from "../audit";

/** Revokes an API token of `userId`: one's own, or anyone's for a superadmin. */
export async function deleteToken(actor: InstanceActor, { userId, tokenId }: { userId: string; tokenId: string }): Promise<void> {
  if (userId !== actor.userId) requireSuperadmin(actor);
  await withInstance(async (tx) => {
    if (!(await deleteApiToken(tx, { userId, tokenId }))) throw new ApiError("not_found", `API token ${tokenId} not found`);
    await auditInstance(tx, actor, { action: "DELETE", resourceType: "API_TOKEN", resourceId: tokenId, detail: { userId } });
  });
}
