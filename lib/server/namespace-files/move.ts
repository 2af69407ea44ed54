import { withTenant } from "@/db/tenant";
import { deleteNamespaceFiles, getNamespaceFile, listNamespaceFiles, upsertNamespaceFile } from "@/db/queries/namespace-files";
import { getStorage } from "@/engine/storage/storage";
import { ApiError } from "@/lib/errors";
import { ensureParents } from "@/lib/namespace-files/store";
import { storageKeyOf, within } from "@/lib/namespace-files/paths";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Moves (renames) a file or a folder with everything in it (NAMESPACE:UPDATE); 409 when `to` exists. */
export async function moveNamespaceFile(actor: Actor, { namespace, from, to }: { namespace: string; from: string; to: string }): Promise<void> {
  actor.require("NAMESPACE", "UPDATE", namespace);
  if (from === "/" || within(from, to)) throw new ApiError("unprocessable", `Invalid to: cannot move ${from} into itself`, [{ path: "to", message: "inside from" }]);
  const storage = getStorage();
  const moved = await withTenant(actor, async (tx) => {
    const source = await getNamespaceFile(tx, { namespace, path: from });
    if (!source) throw new ApiError("not_found", `No file or folder ${from} in namespace ${namespace}`);
    if (await getNamespaceFile(tx, { namespace, path: to })) throw new ApiError("conflict", `${to} already exists in namespace ${namespace}`, [{ path: "to", message: "exists" }]);
    await ensureParents(tx, actor.tenantId, namespace, to);
    const rows = await listNamespaceFiles(tx, { namespace, dir: from });
    for (const row of rows) {
      const target = to + row.path.slice(from.length);
      if (row.type === "File") {
        const content = await storage.get(actor.tenantId, storageKeyOf(namespace, row.path));
        await storage.putInTransaction(tx, actor.tenantId, storageKeyOf(namespace, target), content ?? Buffer.alloc(0));
      }
      await upsertNamespaceFile(tx, { tenantId: actor.tenantId, namespace, path: target, type: row.type, size: row.size });
    }
    await deleteNamespaceFiles(tx, { namespace, dir: from });
    await audit(tx, actor, { action: "UPDATE", resourceType: "NAMESPACE_FILE", resourceId: `${namespace}:${from}`, detail: { movedTo: to } });
    return rows;
  });
  // The old contents go once the move is committed.
  for (const row of moved) if (row.type === "File") await storage.delete(actor.tenantId, storageKeyOf(namespace, row.path));
}
