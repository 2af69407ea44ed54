import { withTenant } from "@/db/tenant";
import { saveFlow, type FlowRow } from "@/db/queries/flows";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { parseFlowOrThrow } from "./source";

/** Creates a flow from its YAML (FLOW:CREATE in its namespace): 409 when it exists, 422 naming line and column. */
export async function createFlow(actor: Actor, { source }: { source: string }): Promise<FlowRow> {
  const flow = parseFlowOrThrow(source);
  actor.require("FLOW", "CREATE", flow.namespace);
  const saved = await withTenant(actor, async (tx) => {
    const result = await saveFlow(tx, { tenantId: actor.tenantId, flow, source, authorId: actor.userId, mode: "create" });
    if (result.status === "created") {
      await audit(tx, actor, { action: "CREATE", resourceType: "FLOW", resourceId: `${flow.namespace}.${flow.id}`, detail: { revision: result.row.revision } });
    }
    return result;
  });
  if (!("row" in saved)) {
    throw new ApiError("conflict", `A flow ${flow.id} already exists in ${flow.namespace}. Change the id or the namespace, or open the existing flow.`, [
      { path: "id", message: "already exists" },
    ]);
  }
  return saved.row;
}
