import { withTenant } from "@/db/tenant";
import { deleteSecret } from "@/db/queries/secrets";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a secret of a namespace (SECRET:DELETE there); 404 when there is none. */
export async function removeSecret(actor: Actor, { namespace, key }: { namespace: string; key: string }): Promise<void> {
  actor.require("SECRET", "DELETE", namespace);
  await withTenant(actor, async (tx) => {
    if (!(await deleteSecret(tx, { namespace, key }))) throw new ApiError("not_found", `No secret ${key} in namespace ${namespace}`);
    await audit(tx, actor, { action: "DELETE", resourceType: "SECRET", resourceId: `${namespace}/${key}` });
  });
}
