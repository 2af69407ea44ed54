import type { Tx } from "@/db/client";
import { getFlow } from "@/db/queries/flows";
import { getTrigger, type TriggerKey } from "@/db/queries/triggers";
import { ApiError } from "@/lib/errors";

export type TriggerDefinitionLike = { id: string; type: string; disabled?: boolean } & Record<string, unknown>;

/** The trigger row with its flow's declaration, or a 404 naming it. In the tenant's transaction. */
export async function loadTrigger(tx: Tx, key: TriggerKey) {
  const row = await getTrigger(tx, key);
  const flow = row ? await getFlow(tx, { namespace: key.namespace, id: key.flowId }) : null;
  if (!row || !flow || flow.deleted) {
    throw new ApiError("not_found", `Trigger ${key.namespace}.${key.flowId}.${key.triggerId} not found`);
  }
  const definition = ((flow.definition.triggers ?? []) as TriggerDefinitionLike[]).find((t) => t.id === key.triggerId) ?? null;
  return { row, flow, definition };
}
