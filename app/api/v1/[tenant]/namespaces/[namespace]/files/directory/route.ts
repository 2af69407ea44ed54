import { withTenant } from "@/db/tenant";
import { getNamespaceFile, listNamespaceFiles } from "@/db/queries/namespace-files";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { fileAttributes, namespaceParams } from "@/lib/api/namespace-files";
import { ApiError } from "@/lib/errors";
import { parentOf, parsePath } from "@/lib/namespace-files/paths";
import { createNamespaceDirectory } from "@/lib/server/namespace-files";

/** The files and folders directly in a folder (`?path=`, the root by default): FileAttributes[]. */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ req, ctx, params, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  require("NAMESPACE", "READ", namespace);
  const dir = parsePath(new URL(req.url).searchParams.get("path"), "path", { allowRoot: true });
  const rows = await withTenant(ctx, async (tx) => {
    if (dir !== "/") {
      const self = await getNamespaceFile(tx, { namespace, path: dir });
      if (!self || self.type !== "Directory") throw new ApiError("not_found", `No folder ${dir} in namespace ${namespace}`);
    }
    return listNamespaceFiles(tx, { namespace, dir });
  });
  return rows.filter((r) => r.path !== dir && parentOf(r.path) === dir).map(fileAttributes);
});

/** Creates a folder (`?path=`). */
export const POST = tenantRoute({ permission: ["NAMESPACE", "CREATE"] }, async ({ req, actor, params }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  await createNamespaceDirectory(actor, { namespace, path: parsePath(new URL(req.url).searchParams.get("path")) });
  // Kestra answers 200 with no body.
  return new Response(null, { status: 200 });
});
