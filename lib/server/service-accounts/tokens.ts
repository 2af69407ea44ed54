import { withTenant } from "@/db/tenant";
import { deleteServiceAccountToken, getServiceAccount, insertServiceAccountToken } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

const noAccount = (id: string) => new ApiError("not_found", `Service account ${id} not found`);

/**
 * Issues an API token to a service account (SERVICE_ACCOUNT:UPDATE). The full value is
 * returned this once; only its hash is kept. `maxAgeSeconds` null: no expiry.
 */
export async function createServiceAccountToken(
  actor: Actor,
  input: { serviceAccountId: string; name: string; description?: string | null; maxAgeSeconds: number | null },
) {
  actor.require("SERVICE_ACCOUNT", "UPDATE");
  return withTenant(actor, async (tx) => {
    if (!(await getServiceAccount(tx, { id: input.serviceAccountId }))) throw noAccount(input.serviceAccountId);
    const token = await insertServiceAccountToken(tx, { tenantId: actor.tenantId, ...input });
    await audit(tx, actor, {
      action: "CREATE",
      resourceType: "SERVICE_ACCOUNT_TOKEN",
      resourceId: token.id,
      detail: { serviceAccountId: input.serviceAccountId, name: input.name },
    });
    return token;
  });
}

/** Revokes a service account's token (SERVICE_ACCOUNT:UPDATE). */
export async function deleteServiceAccountTokenOf(actor: Actor, { serviceAccountId, tokenId }: { serviceAccountId: string; tokenId: string }): Promise<void> {
  actor.require("SERVICE_ACCOUNT", "UPDATE");
  await withTenant(actor, async (tx) => {
    if (!(await getServiceAccount(tx, { id: serviceAccountId }))) throw noAccount(serviceAccountId);
    if (!(await deleteServiceAccountToken(tx, { serviceAccountId, tokenId }))) throw new ApiError("not_found", `API token ${tokenId} not found`);
    await audit(tx, actor, { action: "DELETE", resourceType: "SERVICE_ACCOUNT_TOKEN", resourceId: tokenId, detail: { serviceAccountId } });
  });
}
