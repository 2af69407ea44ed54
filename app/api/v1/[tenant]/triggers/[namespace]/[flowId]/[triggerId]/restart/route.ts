import { tenantRoute } from "@/lib/api/route";
import { triggerContext } from "@/lib/api/triggers";
import { restartTriggerOperation } from "@/lib/server/triggers/restart";

/** Kestra's POST /triggers/{namespace}/{flowId}/{triggerId}/restart. */
export const POST = tenantRoute({ permission: ["TRIGGER", "UPDATE"] }, async ({ ctx, can, params }) => {
  const key = { namespace: params.namespace, flowId: params.flowId, triggerId: params.triggerId };
  return triggerContext(await restartTriggerOperation({ ctx, can: (ns) => can("TRIGGER", "UPDATE", ns), key }));
});
