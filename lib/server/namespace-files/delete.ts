import { withTenant } from "@/db/tenant";
import { deleteNamespaceFiles } from "@/db/queries/namespace-files";
import { getStorage } from "@/engine/storage/storage";
import { ApiError } from "@/lib/errors";
import { storageKeyOf } from "@/lib/namespace-files/paths";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Deletes a file, or a folder with everything in it (NAMESPACE:DELETE); 404 when there is nothing. */
export async function deleteNamespaceFile(actor: Actor, { namespace, path }: { namespace: string; path: string }): Promise<void> {
  actor.require("NAMESPACE", "DELETE", namespace);
  const removed = await withTenant(actor, async (tx) => {
    const rows = await deleteNamespaceFiles(tx, { namespace, dir: path });
    if (rows.length === 0) throw new ApiError("not_found", `No file or folder ${path} in namespace ${namespace}`);
    await audit(tx, actor, { action: "DELETE", resourceType: "NAMESPACE_FILE", resourceId: `${namespace}:${path}` });
    return rows;
  });
  for (const row of removed) if (row.type === "File") await getStorage().delete(actor.tenantId, storageKeyOf(namespace, row.path));
}
