import { withTenant } from "@/db/tenant";
import { getServiceAccountByName, updateServiceAccount as patchAccount } from "@/db/queries/iam";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { duplicateServiceAccount } from "./create";

/** Renames a service account or changes its description (SERVICE_ACCOUNT:UPDATE). */
export async function updateServiceAccount(actor: Actor, { id, patch }: { id: string; patch: { name?: string; description?: string | null } }) {
  actor.require("SERVICE_ACCOUNT", "UPDATE");
  return withTenant(actor, async (tx) => {
    if (patch.name) {
      const same = await getServiceAccountByName(tx, { name: patch.name });
      if (same && same.id !== id) throw duplicateServiceAccount(patch.name);
    }
    const account = await patchAccount(tx, id, patch);
    if (!account) throw new ApiError("not_found", `Service account ${id} not found`);
    await audit(tx, actor, { action: "UPDATE", resourceType: "SERVICE_ACCOUNT", resourceId: id, detail: patch });
    return account;
  });
}
