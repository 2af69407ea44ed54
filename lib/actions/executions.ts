"use server";

import { z } from "zod";
import { recordAudit } from "@/db/queries/access";
import { withTenant } from "@/db/tenant";
import { killExecution, readExecution, removeExecution, replayExecution, restartExecution, resumeExecution, setExecutionLabels } from "@/engine/worker/commands";
import type { Execution } from "@/engine/executor/types";
import { checkResumeInputs } from "@/lib/api/resume";
import { ApiError } from "@/lib/errors";
import { allows, type Action, type Grant } from "@/lib/permissions";
import { ActionError, tenantAction } from "./wrapper";

/**
 * What the execution pages do to executions: the same engine commands as the REST API,
 * each checked against the execution's own namespace (a grant elsewhere is not enough).
 * An execution the caller may not read answers like one that does not exist.
 */

const executionId = z.string().min(1).max(64);

async function load(tenantId: string, grants: Grant[], id: string, action: Action, verb: string): Promise<Execution> {
  const execution = await readExecution(tenantId, id);
  if (!execution || !allows(grants, "EXECUTION", "READ", execution.namespace)) throw new ActionError(`Execution ${id} not found.`);
  if (!allows(grants, "EXECUTION", action, execution.namespace)) {
    throw new ActionError(`Your roles do not allow you to ${verb} executions in ${execution.namespace} (EXECUTION:${action}).`);
  }
  return execution;
}

const audit = (ctx: { tenantId: string; userId: string }, action: string, id: string, detail?: Record<string, unknown>) =>
  withTenant(ctx, (tx) => recordAudit(tx, { tenantId: ctx.tenantId, actorId: ctx.userId, action, resourceType: "EXECUTION", resourceId: id, detail }));

/** Kills a running execution (its running task runs are stopped). */
export const killExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "UPDATE"] }, async ({ input, tenantId, grants }) => {
  await load(tenantId, grants, input.id, "UPDATE", "kill");
  await killExecution(tenantId, input.id);
  return { id: input.id };
});

/** Restarts the failed task runs of a failed, killed or warning execution, in place. */
export const restartExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "UPDATE"] }, async ({ input, tenantId, grants }) => {
  await load(tenantId, grants, input.id, "UPDATE", "restart");
  await restartExecution(tenantId, input.id);
  return { id: input.id };
});

/** A new execution replaying this one from a task run (or from the start); returns its id. */
export const replayExecutionAction = tenantAction(
  { input: z.object({ id: executionId, taskRunId: z.string().max(64).optional().transform((v) => v || null) }), permission: ["EXECUTION", "CREATE"] },
  async ({ input, tenantId, grants }) => {
    await load(tenantId, grants, input.id, "CREATE", "replay");
    const created = await replayExecution(tenantId, input.id, input.taskRunId);
    return { id: created.id, namespace: created.namespace, flowId: created.flowId };
  },
);

/** Resumes a PAUSED execution with the Pause task's `onResume` inputs (fields `inputs.<id>`). */
export const resumeExecutionAction = tenantAction(
  { input: z.looseObject({ id: executionId }), permission: ["EXECUTION", "UPDATE"] },
  async ({ input, tenantId, grants }) => {
    const execution = await load(tenantId, grants, input.id, "UPDATE", "resume");
    const inputs = Object.fromEntries(
      Object.entries(input)
        .filter(([k, v]) => k.startsWith("inputs.") && typeof v === "string" && v !== "")
        .map(([k, v]) => [k.slice("inputs.".length), v]),
    );
    try {
      await checkResumeInputs(tenantId, execution, inputs);
      await resumeExecution(tenantId, input.id, inputs);
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
export const deleteExecutionAction = tenantAction({ input: z.object({ id: executionId }), permission: ["EXECUTION", "DELETE"] }, async ({ input, ctx, tenantId, grants }) => {
  await load(tenantId, grants, input.id, "DELETE", "delete");
  await removeExecution(tenantId, input.id);
  await audit(ctx, "DELETE", input.id);
  return { id: input.id };
});

const label = z.object({ key: z.string().trim().min(1, "a label needs a key").max(200), value: z.string().max(1000) });

/** Replaces an execution's labels. */
export const setExecutionLabelsAction = tenantAction(
  { input: z.object({ id: executionId, labels: z.array(label).max(100) }), permission: ["EXECUTION", "UPDATE"] },
  async ({ input, tenantId, grants }) => {
    await load(tenantId, grants, input.id, "UPDATE", "label");
    const saved = await setExecutionLabels(tenantId, input.id, input.labels);
    return { labels: saved.labels };
  },
);

const BULK = { kill: "UPDATE", restart: "UPDATE", delete: "DELETE" } as const;

export type BulkResult = { done: string[]; failed: { id: string; message: string }[] };

/**
 * Kill, restart or delete several executions. Each id is checked on its own; one that
 * fails (already ended, not in a restartable state, another namespace) is reported and
 * does not stop the others.
 */
export const bulkExecutionsAction = tenantAction(
  { input: z.object({ op: z.enum(["kill", "restart", "delete"]), ids: z.array(executionId).min(1, "Select at least one execution.").max(500) }), permission: ["EXECUTION", "READ"] },
  async ({ input, ctx, tenantId, grants }): Promise<BulkResult> => {
    const result: BulkResult = { done: [], failed: [] };
    for (const id of input.ids) {
      try {
        await load(tenantId, grants, id, BULK[input.op], input.op);
        if (input.op === "kill") await killExecution(tenantId, id);
        else if (input.op === "restart") await restartExecution(tenantId, id);
        else {
          await removeExecution(tenantId, id);
          await audit(ctx, "DELETE", id);
        }
        result.done.push(id);
      } catch (error) {
        const message = error instanceof ActionError || (error instanceof ApiError && error.status < 500) ? error.message : "failed";
        if (!(error instanceof ActionError || error instanceof ApiError)) console.error("[bulk executions]", error);
        result.failed.push({ id, message });
      }
    }
    return result;
  },
);
