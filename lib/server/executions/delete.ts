import type { Actor } from "../actor";
import { findExecution } from "./find";
import { removeExecution } from "./commands";

/** Deletes an execution with its logs and, unless `deleteStorage` is false, its files (EXECUTION:DELETE). */
export async function deleteExecution(actor: Actor, { id, deleteStorage = true }: { id: string; deleteStorage?: boolean }): Promise<void> {
  await findExecution(actor, { id }, "DELETE");
  await removeExecution(actor.tenantId, id, { deleteStorage, audited: { actor, entry: { action: "DELETE", resourceType: "EXECUTION", resourceId: id } } });
}
