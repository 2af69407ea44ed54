"use server";

import { z } from "zod";
import { deleteExecution, killExecution, replayExecution, restartExecution, resumeExecution, setExecutionLabels } from "@/lib/server/executions";
import { ApiError } from "@/lib/errors";
import { ActionError, tenantAction } from "./wrapper";

/**
 * What the execution pages do to executions: adapters over the same use cases as the REST
 * API (lib/server/executions), which check the execution's own namespace and audit.
 * An execution the caller may not read answers like one that does not exist.
 */

const executionId = z.string().min(1).max(64);

/** Kills a running execution (its running task runs are stopped). */
export const killExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "UPDATE"] }, async ({ input, actor }) => {
  await killExecution(actor, { id: input.id });
  return { id: input.id };
});

/** Restarts the failed task runs of a failed, killed or warning execution, in place. */
export const restartExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "UPDATE"] }, async ({ input, actor }) => {
  await restartExecution(actor, { id: input.id });
  return { id: input.id };
});

/** A new execution replaying this one from a task run (or from the start); returns its id. */
export const replayExecutionAction = tenantAction(
  { input: z.object({ id: executionId, taskRunId: z.string().max(64).optional().transform((v) => v || null) }), permission: ["EXECUTION", "CREATE"] },
  async ({ input, actor }) => {
    const created = await replayExecution(actor, { id: input.id, taskRunId: input.taskRunId });
    return { id: created.id, namespace: created.namespace, flowId: created.flowId };
  },
);

/** Resumes a PAUSED execution with the Pause task's `onResume` inputs (fields `inputs.<id>`). */
export const resumeExecutionAction = tenantAction(
  { input: z.looseObject({ id: executionId }), permission: ["EXECUTION", "UPDATE"] },
  async ({ input, actor }) => {
    const inputs = Object.fromEntries(
      Object.entries(input)
        .filter(([k, v]) => k.startsWith("inputs.") && typeof v === "string" && v !== "")
        .map(([k, v]) => [k.slice("inputs.".length), v]),
    );
    try {
      await resumeExecution(actor, { id: input.id, inputs });
    } catch (error) {
      // Per-input messages of the engine land on the form's fields.
      if (error instanceof ApiError && error.details.length) {
        throw new ActionError(error.message, Object.fromEntries(error.details.map((d) => [d.path.startsWith("inputs.") ? d.path : `inputs.${d.path}`, d.message])));
      }
      throw error;
    }
    return { id: input.id };
  },
);

/** Deletes an execution with its logs and files. */
export const deleteExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "DELETE"] }, async ({ input, actor }) => {
  await deleteExecution(actor, { id: input.id });
  return { id: input.id };
});

const label = z.object({ key: z.string().trim().min(1, "a label needs a key").max(200), value: z.string().max(1000) });

/** Replaces an execution's labels. */
export const setExecutionLabelsAction = tenantAction(
  { input: z.object({ id: executionId, labels: z.array(label).max(100) }), permission: ["EXECUTION", "UPDATE"] },
  async ({ input, actor }) => {
    const saved = await setExecutionLabels(actor, { id: input.id, labels: input.labels });
    return { labels: saved.labels };
  },
);

const BULK = { kill: killExecution, restart: restartExecution, delete: deleteExecution } as const;

export type BulkResult = { done: string[]; failed: { id: string; message: string }[] };

/**
 * Kill, restart or delete several executions. Each id is checked on its own; one that
 * fails (already ended, not in a restartable state, another namespace) is reported and
 * does not stop the others.
 */
export const bulkExecutionsAction = tenantAction(
  { input: z.object({ op: z.enum(["kill", "restart", "delete"]), ids: z.array(executionId).min(1, "Select at least one execution.").max(500) }), permission: ["EXECUTION", "READ"] },
  async ({ input, actor }): Promise<BulkResult> => {
    const result: BulkResult = { done: [], failed: [] };
    for (const id of input.ids) {
      try {
        await BULK[input.op](actor, { id });
        result.done.push(id);
      } catch (error) {
        const expected = error instanceof ApiError && error.status < 500;
        if (!expected) console.error("[bulk executions]", error);
        result.failed.push({ id, message: expected ? error.message : "failed" });
      }
    }
    return result;
  },
);
