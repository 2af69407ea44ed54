import { withTenant } from "@/db/tenant";
import { getNamespaceFile } from "@/db/queries/namespace-files";
import { storeNamespaceFile } from "@/lib/namespace-files/store";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Creates (NAMESPACE:CREATE) or replaces (NAMESPACE:UPDATE) a namespace file; folders above it appear. */
export async function writeNamespaceFile(actor: Actor, { namespace, path, content }: { namespace: string; path: string; content: Buffer }): Promise<{ created: boolean }> {
  actor.require("NAMESPACE", "CREATE", namespace);
  return withTenant(actor, async (tx) => {
    if (await getNamespaceFile(tx, { namespace, path })) actor.require("NAMESPACE", "UPDATE", namespace);
    const result = await storeNamespaceFile(tx, actor.tenantId, namespace, path, content);
    await audit(tx, actor, { action: result.created ? "CREATE" : "UPDATE", resourceType: "NAMESPACE_FILE", resourceId: `${namespace}:${path}`, detail: { size: content.length } });
    return result;
  });
}
