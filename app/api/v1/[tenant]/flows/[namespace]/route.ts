import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { deleteFlow, listNamespaceFlows, saveFlow } from "@/db/queries/flows";
import { recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { flowErrorDetails, invalidFlow, publicFlow, readYamlBody } from "@/lib/api/flows";
import { validateFlowDocuments } from "@/engine/flow/validate";
import { ApiError } from "@/lib/errors";

const params = z.object({ namespace: namespaceSchema });

export const GET = tenantRoute({ permission: ["FLOW", "READ"] }, async ({ ctx, params: raw, can }) => {
  const { namespace } = parseWith(params, raw, "path");
  if (!can("FLOW", "READ", namespace)) throw new ApiError("forbidden", `Missing permission FLOW:READ in namespace ${namespace}`);
  const rows = await withTenant(ctx, (tx) => listNamespaceFlows(tx, { namespace }));
  return rows.map((r) => publicFlow(r, { source: false }));
});

/**
 * Bulk update of a namespace from `---` separated YAML, all or nothing. With
 * `?delete=true`, flows of the namespace that are not in the body are deleted.
 */
export const POST = tenantRoute(
  { permission: ["FLOW", "UPDATE"], query: z.object({ delete: z.enum(["true", "false"]).optional() }) },
  async ({ req, ctx, tenantId, params: raw, query, can }) => {
    const { namespace } = parseWith(params, raw, "path");
    if (!can("FLOW", "UPDATE", namespace) || !can("FLOW", "CREATE", namespace)) {
      throw new ApiError("forbidden", `Missing permission FLOW:CREATE/UPDATE in namespace ${namespace}`);
    }
    const result = validateFlowDocuments(await readYamlBody(req, { bulk: true }));
    if (!result.ok) throw invalidFlow(result.errors);
    const invalid = result.documents.filter((d) => !d.ok);
    if (invalid.length) {
      const errors = invalid.flatMap((d) => (d.ok ? [] : d.errors.map((e) => ({ ...e, path: `[${d.index}]${e.path ? "." + e.path : ""}` }))));
      throw new ApiError("unprocessable", `Invalid flow(s) in document(s) ${invalid.map((d) => d.index).join(", ")}`, flowErrorDetails(errors));
    }
    const docs = result.documents.flatMap((d) => (d.ok ? [d] : []));
    const wrongNamespace = docs.filter((d) => d.flow.namespace !== namespace);
    if (wrongNamespace.length) {
      throw new ApiError(
        "unprocessable",
        `Every flow must be in namespace ${namespace}`,
        wrongNamespace.map((d) => ({ path: `[${d.index}].namespace`, message: `is ${d.flow.namespace}`, line: d.line, column: 1 })),
      );
    }
    const ids = docs.map((d) => d.flow.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new ApiError("unprocessable", `Flow ${duplicate} appears twice in the body`, [{ path: "id", message: "duplicate" }]);

    return withTenant(ctx, async (tx) => {
      const saved = [];
      for (const doc of docs) {
        const res = await saveFlow(tx, { tenantId, flow: doc.flow, source: doc.source, authorId: ctx.userId, mode: "upsert" });
        if ("row" in res) saved.push(res.row);
      }
      if (query.delete === "true") {
        for (const row of await listNamespaceFlows(tx, { namespace })) {
          if (!ids.includes(row.id)) await deleteFlow(tx, { tenantId, namespace, id: row.id, authorId: ctx.userId });
        }
      }
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "NAMESPACE_FLOWS", resourceId: namespace, detail: { flows: ids, delete: query.delete === "true" } });
      return saved.map((r) => publicFlow(r));
    });
  },
);
