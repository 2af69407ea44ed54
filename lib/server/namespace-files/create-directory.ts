import { withTenant } from "@/db/tenant";
import { getNamespaceFile, upsertNamespaceFile } from "@/db/queries/namespace-files";
import { ApiError } from "@/lib/errors";
import { ensureParents } from "@/lib/namespace-files/store";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Creates a folder (and those above it) in a namespace (NAMESPACE:CREATE); one that exists is left as is. */
export async function createNamespaceDirectory(actor: Actor, { namespace, path }: { namespace: string; path: string }): Promise<void> {
  actor.require("NAMESPACE", "CREATE", namespace);
  await withTenant(actor, async (tx) => {
    const existing = await getNamespaceFile(tx, { namespace, path });
    if (existing?.type === "File") throw new ApiError("conflict", `${path} is a file in namespace ${namespace}`, [{ path: "path", message: "is a file" }]);
    await ensureParents(tx, actor.tenantId, namespace, path);
    await upsertNamespaceFile(tx, { tenantId: actor.tenantId, namespace, path, type: "Directory", size: 0 });
    await audit(tx, actor, { action: "CREATE", resourceType: "NAMESPACE_FILE", resourceId: `${namespace}:${path}`, detail: { type: "Directory" } });
  });
}
