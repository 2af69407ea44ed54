import { withTenant } from "@/db/tenant";
import { deleteServiceAccount as removeAccount } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a service account with its tokens and bindings (SERVICE_ACCOUNT:DELETE): its tokens stop at once. */
export async function deleteServiceAccount(actor: Actor, { id }: { id: string }): Promise<void> {
  actor.require("SERVICE_ACCOUNT", "DELETE");
  await withTenant(actor, async (tx) => {
    const account = await removeAccount(tx, { id });
    if (!account) throw new ApiError("not_found", `Service account ${id} not found`);
    await audit(tx, actor, { action: "DELETE", resourceType: "SERVICE_ACCOUNT", resourceId: id, detail: { name: account.name } });
  });
}
