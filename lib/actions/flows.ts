"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { MAX_FLOW_SOURCE_BYTES, parseYaml } from "@/engine/flow/parse";
import { validateFlowSource, type FlowError } from "@/engine/flow/validate";
import * as flows from "@/lib/server/flows";
import { describeFlowErrors } from "@/lib/server/flows";
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

/** The editor's wording for a source that does not validate (the use case would answer the API's 422). */
function validOrThrow(text: string) {
  const result = validateFlowSource(text);
  if (!result.ok) throw new ActionError(`Not saved: ${describeFlowErrors(result.errors)}.`);
}

/** Creates a flow from the editor, as POST /api/v1/{tenant}/flows does (409 when it exists). */
export const createFlow = tenantAction({ input: z.object({ source }), permission: ["FLOW", "CREATE"] }, async ({ input, actor }) => {
  validOrThrow(input.source);
  const row = await flows.createFlow(actor, { source: input.source });
  return { namespace: row.namespace, id: row.id, revision: row.revision, changed: true } satisfies SavedFlow;
});

/** Saves a new revision of a flow, as PUT /api/v1/{tenant}/flows/{namespace}/{id} does. */
export const updateFlow = tenantAction({ input: z.object({ ...flowKey, source }), permission: ["FLOW", "UPDATE"] }, async ({ input, actor, require }) => {
  const { namespace, id } = input;
  require("FLOW", "UPDATE", namespace);
  validOrThrow(input.source);
  const { row, changed } = await flows.updateFlow(actor, { namespace, id, source: input.source });
  return { namespace, id, revision: row.revision, changed } satisfies SavedFlow;
});

/** Saves an old revision's source as the newest revision (nothing is rewritten). */
export const restoreFlowRevision = tenantAction(
  { input: z.object({ ...flowKey, revision: z.coerce.number().int().min(1) }), permission: ["FLOW", "UPDATE"] },
  async ({ input, actor }) => {
    const { namespace, id } = input;
    const row = await flows.restoreFlowRevision(actor, input);
    return { namespace, id, revision: row.revision, changed: true } satisfies SavedFlow;
  },
);

/** Deletes a flow (its revisions stay, with a last one marking the deletion), then opens the list. */
export const deleteFlow = tenantAction({ input: z.object(flowKey), permission: ["FLOW", "DELETE"] }, async ({ input, actor, tenantId }) => {
  await flows.deleteFlow(actor, input);
  redirect(`/ui/${tenantId}/flows`);
});
