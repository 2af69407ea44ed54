import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { listNamespaceFlows } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { publicFlow, readYamlBody } from "@/lib/api/flows";
import { updateNamespaceFlows } from "@/lib/server/flows";

const params = z.object({ namespace: namespaceSchema });

export const GET = tenantRoute({ permission: ["FLOW", "READ"] }, async ({ ctx, params: raw, require }) => {
  const { namespace } = parseWith(params, raw, "path");
  require("FLOW", "READ", namespace);
  const rows = await withTenant(ctx, (tx) => listNamespaceFlows(tx, { namespace }));
  return rows.map((r) => publicFlow(r, { source: false }));
});

/**
 * Bulk update of a namespace from `---` separated YAML, all or nothing. With
 * `?delete=true`, flows of the namespace that are not in the body are deleted.
 */
export const POST = tenantRoute(
  { permission: ["FLOW", "UPDATE"], query: z.object({ delete: z.enum(["true", "false"]).optional() }) },
  async ({ req, actor, params: raw, query, require }) => {
    const { namespace } = parseWith(params, raw, "path");
    // Before the body is read; the use case checks again.
    require("FLOW", "UPDATE", namespace);
    const source = await readYamlBody(req, { bulk: true });
    const saved = await updateNamespaceFlows(actor, { namespace, source, delete: query.delete === "true" });
    return saved.map((r) => publicFlow(r));
  },
);
