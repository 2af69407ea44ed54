import { withTenant } from "@/db/tenant";
import { getServiceAccountByName, insertServiceAccount } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

export const duplicateServiceAccount = (name: string) =>
  new ApiError("conflict", `A service account named ${name} already exists in this tenant.`, [{ path: "name", message: "already exists" }]);

/** Creates a service account of the tenant (SERVICE_ACCOUNT:CREATE); bind roles to it like a user. */
export async function createServiceAccount(actor: Actor, input: { name: string; description?: string | null }) {
  actor.require("SERVICE_ACCOUNT", "CREATE");
  return withTenant(actor, async (tx) => {
    if (await getServiceAccountByName(tx, { name: input.name })) throw duplicateServiceAccount(input.name);
    const account = await insertServiceAccount(tx, { tenantId: actor.tenantId, ...input });
    await audit(tx, actor, { action: "CREATE", resourceType: "SERVICE_ACCOUNT", resourceId: account.id, detail: { name: account.name } });
    return account;
  });
}
