import { withTenant } from "@/db/tenant";
import { deleteKv } from "@/db/queries/kv";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a KV entry of a namespace (KVSTORE:DELETE there); 404 when there is none. */
export async function deleteKvEntry(actor: Actor, { namespace, key }: { namespace: string; key: string }): Promise<void> {
  actor.require("KVSTORE", "DELETE", namespace);
  await withTenant(actor, async (tx) => {
    if (!(await deleteKv(tx, { namespace, key }))) throw new ApiError("not_found", `No KV entry ${key} in namespace ${namespace}`);
    await audit(tx, actor, { action: "DELETE", resourceType: "KVSTORE", resourceId: `${namespace}/${key}` });
  });
}
