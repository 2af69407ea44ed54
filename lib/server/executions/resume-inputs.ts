import { withTenant } from "@/db/tenant";
import { getFlowRevision } from "@/db/queries/flows";
import { resolveInputs, type Execution } from "@/engine/executor";
import type { FlowInput } from "@/engine/flow/inputs";
import { ApiError } from "@/lib/errors";

type Task = { id?: unknown; onResume?: unknown; [k: string]: unknown };

/** The `onResume` inputs of every Pause task of a flow definition, by task id. */
export function onResumeInputs(definition: Record<string, unknown> | null | undefined): Record<string, FlowInput[]> {
  const found: Record<string, FlowInput[]> = {};
  const walk = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    const task = value as Task;
    if (typeof task.id === "string" && Array.isArray(task.onResume)) found[task.id] = task.onResume as FlowInput[];
    Object.values(task).forEach(walk);
  };
  walk(definition);
  return found;
}

/**
 * Checks resume inputs against the `onResume` declarations of the task runs the execution
 * is paused in, before the engine gets them: a missing or invalid input is a 422 naming
 * its field (`inputs.<id>`), as for a new execution's inputs.
 */
export async function checkResumeInputs(tenantId: string, execution: Execution, inputs: Record<string, unknown>): Promise<void> {
  if (execution.state.current !== "PAUSED") return; // the engine answers 409
  const revision = await withTenant({ tenantId }, (tx) => getFlowRevision(tx, { namespace: execution.namespace, id: execution.flowId, revision: execution.flowRevision }));
  const declared = onResumeInputs(revision?.definition as Record<string, unknown> | undefined);
  const paused = execution.taskRunList.filter((r) => r.state.current === "PAUSED");
  for (const run of paused) {
    const result = resolveInputs(declared[run.taskId], inputs, "typed");
    if (!result.ok) {
      throw new ApiError(
        "unprocessable",
        result.errors.map((e) => e.message).join("; "),
        result.errors.map((e) => ({ path: `inputs.${e.input}`, message: e.message })),
      );
    }
  }
}
