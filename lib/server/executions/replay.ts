import type { Actor } from "../actor";
import { findExecution } from "./find";
import { replayExecution as replay } from "./commands";

/** A new execution replaying this one from a task run, or from the start (EXECUTION:CREATE). */
export async function replayExecution(actor: Actor, { id, taskRunId }: { id: string; taskRunId: string | null }) {
  await findExecution(actor, { id }, "CREATE");
  return replay(actor.tenantId, id, taskRunId, { actor, entry: { action: "CREATE", resourceType: "EXECUTION", resourceId: id, detail: { replayOf: id, taskRunId } } });
}
