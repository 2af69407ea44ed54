import { withTenant } from "@/db/tenant";
import { getNamespaceFile } from "@/db/queries/namespace-files";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { fileAttributes, namespaceParams, rootAttributes } from "@/lib/api/namespace-files";
import { ApiError } from "@/lib/errors";
import { parsePath } from "@/lib/namespace-files/paths";

/** FileAttributes of one file or folder (`?path=`, the root by default). */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ req, ctx, params, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  require("NAMESPACE", "READ", namespace);
  const path = parsePath(new URL(req.url).searchParams.get("path"), "path", { allowRoot: true });
  if (path === "/") return rootAttributes();
  const row = await withTenant(ctx, (tx) => getNamespaceFile(tx, { namespace, path }));
  if (!row) throw new ApiError("not_found", `No file or folder ${path} in namespace ${namespace}`);
  return fileAttributes(row);
});
