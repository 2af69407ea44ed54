import { withTenant } from "@/db/tenant";
import { listNamespaceFiles } from "@/db/queries/namespace-files";
import { getStorage } from "@/engine/storage/storage";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceParams } from "@/lib/api/namespace-files";
import { storageKeyOf } from "@/lib/namespace-files/paths";
import { zipStore } from "@/lib/namespace-files/zip";

/** Every file of the namespace as a ZIP archive (`{namespace}-files.zip`). */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ ctx, tenantId, params, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  require("NAMESPACE", "READ", namespace);
  const rows = await withTenant(ctx, (tx) => listNamespaceFiles(tx, { namespace }));
  const storage = getStorage();
  const entries = [];
  for (const row of rows) {
    if (row.type !== "File") continue;
    const content = (await storage.get(tenantId, storageKeyOf(namespace, row.path))) ?? Buffer.alloc(0);
    entries.push({ name: row.path.slice(1), content, date: row.updatedAt });
  }
  return new Response(new Uint8Array(zipStore(entries)), {
    headers: { "content-type": "application/zip", "content-disposition": `attachment; filename="${namespace}-files.zip"` },
  });
});
