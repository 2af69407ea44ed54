"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { deleteFlow as markFlowDeleted, getFlowRevision, saveFlow } from "@/db/queries/flows";
import { recordAudit } from "@/db/queries/access";
import { MAX_FLOW_SOURCE_BYTES, parseYaml } from "@/engine/flow/parse";
import { validateFlowSource, type FlowError } from "@/engine/flow/validate";
import { describeFlowErrors } from "@/lib/api/flows";
import { allows } from "@/lib/permissions";
import { currentUser } from "@/lib/ui/session";
import { buildFlowGraph, type FlowGraph } from "@/lib/ui/flow-graph";
import { ActionError, tenantAction } from "./wrapper";

const source = z.string().max(MAX_FLOW_SOURCE_BYTES, "The flow is larger than 1 MiB.");
const flowKey = { namespace: z.string().min(1).max(150), id: z.string().min(1).max(100) };

export type FlowProblem = Pick<FlowError, "path" | "message" | "line" | "column">;
export type SavedFlow = { namespace: string; id: string; revision: number; changed: boolean };

/**
 * The editor's live validation: the same validateFlowSource as the API, run here because
 * the engine's modules are server code. Reads nothing and writes nothing, so it needs a
 * signed-in user but no tenant, and it does not revalidate any page.
 */
export async function validateFlowDraft(draft: string): Promise<{ problems: FlowProblem[]; graph?: FlowGraph }> {
  if (!(await currentUser())) return { problems: [{ path: "", message: "Your session has ended. Sign in again.", line: 1, column: 1 }] };
  if (typeof draft !== "string") return { problems: [] };
  const result = validateFlowSource(draft);
  if (result.ok) return { problems: [], graph: buildFlowGraph(result.flow) };
  // The editor's live topology: a draft with problems is still drawn while its YAML parses.
  const parsed = parseYaml(draft);
  const graph = parsed.ok && parsed.value && typeof parsed.value === "object" ? buildFlowGraph(parsed.value) : undefined;
  return { problems: result.errors.map(({ path, message, line, column }) => ({ path, message, line, column })), ...(graph ? { graph } : {}) };
}

function validOrThrow(text: string) {
  const result = validateFlowSource(text);
  if (!result.ok) throw new ActionError(`Not saved: ${describeFlowErrors(result.errors)}.`);
  return result.flow;
}

/** Creates a flow from the editor, as POST /api/v1/{tenant}/flows does (409 when it exists). */
export const createFlow = tenantAction({ input: z.object({ source }), permission: ["FLOW", "CREATE"] }, async ({ input, ctx, tenantId, grants }) => {
  const flow = validOrThrow(input.source);
  if (!allows(grants, "FLOW", "CREATE", flow.namespace)) {
    throw new ActionError(`Your roles do not allow creating flows in ${flow.namespace} (FLOW:CREATE).`);
  }
  const saved = await withTenant(ctx, async (tx) => {
    const result = await saveFlow(tx, { tenantId, flow, source: input.source, authorId: ctx.userId, mode: "create" });
    if (result.status === "created") {
      await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "CREATE", resourceType: "FLOW", resourceId: `${flow.namespace}.${flow.id}`, detail: { revision: result.row.revision } });
    }
    return result;
  });
  if (!("row" in saved)) {
    throw new ActionError(`A flow ${flow.id} already exists in ${flow.namespace}. Change the id or the namespace, or open the existing flow.`, { id: "already exists" });
  }
  return { namespace: flow.namespace, id: flow.id, revision: saved.row.revision, changed: true } satisfies SavedFlow;
});

/** Saves a new revision of a flow, as PUT /api/v1/{tenant}/flows/{namespace}/{id} does. */
export const updateFlow = tenantAction(
  { input: z.object({ ...flowKey, source }), permission: ["FLOW", "UPDATE"] },
  async ({ input, ctx, tenantId, grants }) => {
    const { namespace, id } = input;
    if (!allows(grants, "FLOW", "UPDATE", namespace)) throw new ActionError(`Your roles do not allow editing flows in ${namespace} (FLOW:UPDATE).`);
    const flow = validOrThrow(input.source);
    if (flow.namespace !== namespace || flow.id !== id) {
      const field = flow.namespace !== namespace ? "namespace" : "id";
      throw new ActionError(`The ${field} of a saved flow cannot change: this editor edits ${namespace}.${id}. To copy it under another ${field}, create a new flow.`, {
        [field]: "cannot change",
      });
    }
    const saved = await withTenant(ctx, async (tx) => {
      const result = await saveFlow(tx, { tenantId, flow, source: input.source, authorId: ctx.userId, mode: "update" });
      if (result.status === "updated") {
        await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "FLOW", resourceId: `${namespace}.${id}`, detail: { revision: result.row.revision } });
      }
      return result;
    });
    if (!("row" in saved)) throw new ActionError(`The flow ${namespace}.${id} no longer exists: it was deleted. Create it again from Flows → Create flow.`);
    return { namespace, id, revision: saved.row.revision, changed: saved.status === "updated" } satisfies SavedFlow;
  },
);

/** Saves an old revision's source as the newest revision (nothing is rewritten). */
export const restoreFlowRevision = tenantAction(
  { input: z.object({ ...flowKey, revision: z.coerce.number().int().min(1) }), permission: ["FLOW", "UPDATE"] },
  async ({ input, ctx, tenantId, grants }) => {
    const { namespace, id, revision } = input;
    if (!allows(grants, "FLOW", "UPDATE", namespace)) throw new ActionError(`Your roles do not allow editing flows in ${namespace} (FLOW:UPDATE).`);
    const saved = await withTenant(ctx, async (tx) => {
      const old = await getFlowRevision(tx, { namespace, id, revision });
      if (!old) throw new ActionError(`Revision ${revision} of ${namespace}.${id} does not exist.`);
      const result = validateFlowSource(old.source);
      if (!result.ok) throw new ActionError(`Revision ${revision} no longer validates, so it cannot be restored: ${describeFlowErrors(result.errors)}.`);
      const outcome = await saveFlow(tx, { tenantId, flow: result.flow, source: old.source, authorId: ctx.userId, mode: "update" });
      if (outcome.status === "updated") {
        await recordAudit(tx, {
          tenantId,
          actorId: ctx.userId,
          action: "UPDATE",
          resourceType: "FLOW",
          resourceId: `${namespace}.${id}`,
          detail: { revision: outcome.row.revision, restoredFrom: revision },
        });
      }
      return outcome;
    });
    if (!("row" in saved)) throw new ActionError(`The flow ${namespace}.${id} no longer exists.`);
    if (saved.status === "unchanged") throw new ActionError(`Revision ${revision} is the same as the current source: nothing to restore.`);
    return { namespace, id, revision: saved.row.revision, changed: true } satisfies SavedFlow;
  },
);

/** Deletes a flow (its revisions stay, with a last one marking the deletion), then opens the list. */
export const deleteFlow = tenantAction({ input: z.object(flowKey), permission: ["FLOW", "DELETE"] }, async ({ input, ctx, tenantId, grants }) => {
  const { namespace, id } = input;
  if (!allows(grants, "FLOW", "DELETE", namespace)) throw new ActionError(`Your roles do not allow deleting flows in ${namespace} (FLOW:DELETE).`);
  await withTenant(ctx, async (tx) => {
    const row = await markFlowDeleted(tx, { tenantId, namespace, id, authorId: ctx.userId });
    if (!row) throw new ActionError(`The flow ${namespace}.${id} no longer exists.`);
    await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "FLOW", resourceId: `${namespace}.${id}` });
  });
  redirect(`/ui/${tenantId}/flows`);
});
