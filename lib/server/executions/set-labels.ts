import type { Label } from "@/engine/executor";
import type { Actor } from "../actor";
import { findExecution } from "./find";
import { setExecutionLabels as setLabels } from "./commands";

/** Replaces an execution's labels (EXECUTION:UPDATE in its namespace). */
export async function setExecutionLabels(actor: Actor, { id, labels }: { id: string; labels: Label[] }) {
  await findExecution(actor, { id }, "UPDATE");
  return setLabels(actor.tenantId, id, labels, { actor, entry: { action: "UPDATE", resourceType: "EXECUTION", resourceId: id, detail: { op: "labels", labels } } });
}
