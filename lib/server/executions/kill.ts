import type { Actor } from "../actor";
import { findExecution } from "./find";
import { killExecution as kill } from "./commands";

/** Kills a running execution (EXECUTION:UPDATE in its namespace); its running task runs stop. */
export async function killExecution(actor: Actor, { id }: { id: string }) {
  await findExecution(actor, { id }, "UPDATE");
  return kill(actor.tenantId, id, { actor, entry: { action: "UPDATE", resourceType: "EXECUTION", resourceId: id, detail: { op: "kill" } } });
}
