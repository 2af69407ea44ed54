import { withTenant } from "@/db/tenant";
import { getFlowRevision, saveFlow, type FlowRow } from "@/db/queries/flows";
import { validateFlowSource } from "@/engine/flow/validate";
import { ApiError } from "@/lib/errors";
import type { Actor } from "../actor";
import { audit } from "../audit";
import { describeFlowErrors } from "./source";

/** Saves an old revision's source as the newest revision (FLOW:UPDATE); nothing is rewritten. */
export async function restoreFlowRevision(actor: Actor, { namespace, id, revision }: { namespace: string; id: string; revision: number }): Promise<FlowRow> {
  actor.require("FLOW", "UPDATE", namespace);
  const saved = await withTenant(actor, async (tx) => {
    const old = await getFlowRevision(tx, { namespace, id, revision });
    if (!old) throw new ApiError("not_found", `Revision ${revision} of ${namespace}.${id} does not exist.`);
    const result = validateFlowSource(old.source);
    if (!result.ok) throw new ApiError("unprocessable", `Revision ${revision} no longer validates, so it cannot be restored: ${describeFlowErrors(result.errors)}.`);
    const outcome = await saveFlow(tx, { tenantId: actor.tenantId, flow: result.flow, source: old.source, authorId: actor.userId, mode: "update" });
    if (outcome.status === "updated") {
      await audit(tx, actor, { action: "UPDATE", resourceType: "FLOW", resourceId: `${namespace}.${id}`, detail: { revision: outcome.row.revision, restoredFrom: revision } });
    }
    return outcome;
  });
  if (!("row" in saved)) throw new ApiError("not_found", `The flow ${namespace}.${id} no longer exists.`);
  if (saved.status === "unchanged") throw new ApiError("conflict", `Revision ${revision} is the same as the current source: nothing to restore.`);
  return saved.row;
}
