import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { contentTypeOf, namespaceParams, readUpload } from "@/lib/api/namespace-files";
import { ApiError } from "@/lib/errors";
import { parsePath } from "@/lib/namespace-files/paths";
import { readNamespaceFile } from "@/lib/namespace-files/store";
import { deleteNamespaceFile, moveNamespaceFile, writeNamespaceFile } from "@/lib/server/namespace-files";

const query = (req: Request) => new URL(req.url).searchParams;

/** A file's content (`?path=`). */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ req, tenantId, params, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  require("NAMESPACE", "READ", namespace);
  const path = parsePath(query(req).get("path"));
  const content = await readNamespaceFile(tenantId, namespace, path);
  if (!content) throw new ApiError("not_found", `No file ${path} in namespace ${namespace}`);
  return new Response(new Uint8Array(content), { headers: { "content-type": contentTypeOf(path) } });
});

/** Creates or replaces a file (`?path=`, multipart part `fileContent`, or the raw body). */
export const POST = tenantRoute({ permission: ["NAMESPACE", "CREATE"] }, async ({ req, actor, params, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  const path = parsePath(query(req).get("path"));
  // Before the body is read; the use case checks again.
  require("NAMESPACE", "CREATE", namespace);
  await writeNamespaceFile(actor, { namespace, path, content: await readUpload(req) });
  // Kestra answers 200 with no body.
  return new Response(null, { status: 200 });
});

/** Moves a file or folder (`?from=&to=`). */
export const PUT = tenantRoute({ permission: ["NAMESPACE", "UPDATE"] }, async ({ req, actor, params }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  const from = parsePath(query(req).get("from"), "from");
  const to = parsePath(query(req).get("to"), "to");
  await moveNamespaceFile(actor, { namespace, from, to });
  return undefined;
});

/** Deletes a file, or a folder and everything in it (`?path=`). */
export const DELETE = tenantRoute({ permission: ["NAMESPACE", "DELETE"] }, async ({ req, actor, params }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  await deleteNamespaceFile(actor, { namespace, path: parsePath(query(req).get("path")) });
  return undefined;
});
