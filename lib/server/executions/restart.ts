import type { Actor } from "../actor";
import { findExecution } from "./find";
import { restartExecution as restart } from "./commands";

/** Restarts the failed task runs of a failed, killed or warning execution, in place (EXECUTION:UPDATE). */
export async function restartExecution(actor: Actor, { id }: { id: string }) {
  await findExecution(actor, { id }, "UPDATE");
  return restart(actor.tenantId, id, { actor, entry: { action: "UPDATE", resourceType: "EXECUTION", resourceId: id, detail: { op: "restart" } } });
}
