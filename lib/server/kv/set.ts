import { withTenant } from "@/db/tenant";
import { setKv } from "@/db/queries/kv";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Sets a KV entry of a namespace (KVSTORE:UPDATE there), with an optional time to live. */
export async function setKvEntry(actor: Actor, input: { namespace: string; key: string; value: unknown; ttlSeconds: number | null }): Promise<void> {
  const { namespace, key } = input;
  actor.require("KVSTORE", "UPDATE", namespace);
  await withTenant(actor, async (tx) => {
    await setKv(tx, { tenantId: actor.tenantId, ...input });
    await audit(tx, actor, { action: "UPDATE", resourceType: "KVSTORE", resourceId: `${namespace}/${key}` });
  });
}
