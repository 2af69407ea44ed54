import type { Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { getNamespaceFile, upsertNamespaceFile } from "@/db/queries/namespace-files";
import { getStorage } from "@/engine/storage/storage";
import { ApiError } from "@/lib/errors";
import { parentsOf, storageKeyOf } from "./paths";

/** A namespace file's content, or null when there is no such file (folders included). */
export async function readNamespaceFile(tenantId: string, namespace: string, path: string): Promise<Buffer | null> {
  const row = await withTenant({ tenantId }, (tx) => getNamespaceFile(tx, { namespace, path }));
  if (!row || row.type !== "File") return null;
  return getStorage().get(tenantId, storageKeyOf(namespace, path));
}

/** Creates the folders above `path`; a 422 when one of them is a file. */
export async function ensureParents(tx: Tx, tenantId: string, namespace: string, path: string): Promise<void> {
  for (const parent of parentsOf(path)) {
    const row = await getNamespaceFile(tx, { namespace, path: parent });
    if (row?.type === "File") throw new ApiError("unprocessable", `Invalid path: ${parent} is a file, not a folder`, [{ path: "path", message: `${parent} is a file` }]);
    if (!row) await upsertNamespaceFile(tx, { tenantId, namespace, path: parent, type: "Directory", size: 0 });
  }
}

/** Writes a file's content and its row (in the caller's transaction); refuses to overwrite a folder. */
export async function storeNamespaceFile(tx: Tx, tenantId: string, namespace: string, path: string, content: Buffer): Promise<{ created: boolean }> {
  const existing = await getNamespaceFile(tx, { namespace, path });
  if (existing?.type === "Directory") throw new ApiError("conflict", `${path} is a folder in namespace ${namespace}`, [{ path: "path", message: "is a folder" }]);
  await ensureParents(tx, tenantId, namespace, path);
  await getStorage().putInTransaction(tx, tenantId, storageKeyOf(namespace, path), content);
  await upsertNamespaceFile(tx, { tenantId, namespace, path, type: "File", size: content.length });
  return { created: !existing };
}
