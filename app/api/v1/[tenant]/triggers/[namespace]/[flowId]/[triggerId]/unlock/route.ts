import { tenantRoute } from "@/lib/api/route";
import { triggerContext } from "@/lib/api/triggers";
import { unlockTriggerOperation } from "@/lib/server/triggers/unlock";

/** Kestra's POST /triggers/{namespace}/{flowId}/{triggerId}/unlock. */
export const POST = tenantRoute({ permission: ["TRIGGER", "UPDATE"] }, async ({ ctx, can, params }) => {
  const key = { namespace: params.namespace, flowId: params.flowId, triggerId: params.triggerId };
  const row = await unlockTriggerOperation({ ctx, can: (ns) => can("TRIGGER", "UPDATE", ns), key });
  return triggerContext(row);
});
