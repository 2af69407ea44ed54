import { withTenant } from "@/db/tenant";
import { saveFlow, type FlowRow } from "@/db/queries/flows";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { parseFlowOrThrow } from "./source";

export type UpdatedFlow = { row: FlowRow; changed: boolean };

/**
 * Saves a new revision of a flow (FLOW:UPDATE in its namespace); none when the source is
 * unchanged. The namespace and id of a saved flow cannot change (422 naming the field).
 */
export async function updateFlow(actor: Actor, { namespace, id, source }: { namespace: string; id: string; source: string }): Promise<UpdatedFlow> {
  actor.require("FLOW", "UPDATE", namespace);
  const flow = parseFlowOrThrow(source);
  if (flow.namespace !== namespace || flow.id !== id) {
    const field = flow.namespace !== namespace ? "namespace" : "id";
    throw new ApiError(
      "unprocessable",
      `The ${field} of a saved flow cannot change: this edits ${namespace}.${id}. To copy it under another ${field}, create a new flow.`,
      [{ path: field, message: "cannot change" }],
    );
  }
  const saved = await withTenant(actor, async (tx) => {
    const result = await saveFlow(tx, { tenantId: actor.tenantId, flow, source, authorId: actor.userId, mode: "update" });
    if (result.status === "updated") {
      await audit(tx, actor, { action: "UPDATE", resourceType: "FLOW", resourceId: `${namespace}.${id}`, detail: { revision: result.row.revision } });
    }
    return result;
  });
  if (!("row" in saved)) throw new ApiError("not_found", `The flow ${namespace}.${id} no longer exists (or never did).`);
  return { row: saved.row, changed: saved.status === "updated" };
}
