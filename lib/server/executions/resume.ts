import type { Actor } from "../actor";
import { findExecution } from "./find";
import { resumeExecution as resume } from "./commands";
import { checkResumeInputs } from "./resume-inputs";

/**
 * Resumes a PAUSED execution with the Pause task's `onResume` inputs (EXECUTION:UPDATE);
 * a missing or invalid input is a 422 naming `inputs.<id>`.
 */
export async function resumeExecution(actor: Actor, { id, inputs }: { id: string; inputs: Record<string, unknown> }) {
  const execution = await findExecution(actor, { id }, "UPDATE");
  await checkResumeInputs(actor.tenantId, execution, inputs);
  return resume(actor.tenantId, id, inputs, { actor, entry: { action: "UPDATE", resourceType: "EXECUTION", resourceId: id, detail: { op: "resume" } } });
}
