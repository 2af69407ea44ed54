import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { searchNamespaceFiles } from "@/db/queries/namespace-files";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceParams } from "@/lib/api/namespace-files";

const searchQuery = z.object({ q: z.string().max(200).default("") });

/** Paths of the files whose path holds `?q=` (case-insensitive), as Kestra answers: string[]. */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"], query: searchQuery }, async ({ ctx, params, query, require }) => {
  const { namespace } = parseWith(namespaceParams, params, "path");
  require("NAMESPACE", "READ", namespace);
  const rows = await withTenant(ctx, (tx) => searchNamespaceFiles(tx, { namespace, q: query.q }));
  return rows.map((r) => r.path);
});
