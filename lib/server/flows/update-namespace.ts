import { withTenant } from "@/db/tenant";
import { deleteFlow, listNamespaceFlows, saveFlow, type FlowRow } from "@/db/queries/flows";
import { validateFlowDocuments } from "@/engine/flow/validate";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { flowErrorDetails, invalidFlow } from "./source";

/**
 * Replaces a namespace's flows with the `---` separated YAML documents, all or nothing
 * (FLOW:CREATE and FLOW:UPDATE there, FLOW:DELETE too with `delete`, which deletes the
 * namespace's flows absent from the body). One audit entry for the whole namespace.
 */
export async function updateNamespaceFlows(actor: Actor, input: { namespace: string; source: string; delete: boolean }): Promise<FlowRow[]> {
  const { namespace } = input;
  actor.require("FLOW", "CREATE", namespace);
  actor.require("FLOW", "UPDATE", namespace);
  if (input.delete) actor.require("FLOW", "DELETE", namespace);
  const result = validateFlowDocuments(input.source);
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

  const { tenantId, userId } = actor;
  return withTenant(actor, async (tx) => {
    const saved: FlowRow[] = [];
    for (const doc of docs) {
      const res = await saveFlow(tx, { tenantId, flow: doc.flow, source: doc.source, authorId: userId, mode: "upsert" });
      if ("row" in res) saved.push(res.row);
    }
    if (input.delete) {
      for (const row of await listNamespaceFlows(tx, { namespace })) {
        if (!ids.includes(row.id)) await deleteFlow(tx, { tenantId, namespace, id: row.id, authorId: userId });
      }
    }
    await audit(tx, actor, { action: "UPDATE", resourceType: "NAMESPACE_FLOWS", resourceId: namespace, detail: { flows: ids, delete: input.delete } });
    return saved;
  });
}
