import type { StateType } from "@/engine/executor";
import type { Actor } from "../actor";
import { findExecution } from "./find";
import { markTaskRunAs } from "./commands";

/** Changes one task run's state (Kestra's markAs) on an ended or paused execution (EXECUTION:UPDATE). */
export async function changeTaskRunState(actor: Actor, { id, taskRunId, state }: { id: string; taskRunId: string; state: StateType }) {
  await findExecution(actor, { id }, "UPDATE");
  return markTaskRunAs(actor.tenantId, id, taskRunId, state, {
    actor,
    entry: { action: "UPDATE", resourceType: "EXECUTION", resourceId: id, detail: { op: "changeTaskRunState", taskRunId, state } },
  });
}
