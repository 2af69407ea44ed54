import { tenantRoute } from "@/lib/api/route";
import { triggerKeyBody } from "@/lib/api/trigger-body";
import { triggerContext } from "@/lib/api/triggers";
import { pauseBackfillOperation } from "@/lib/server/triggers/backfill";

/** Kestra's PUT /triggers/backfill/unpause (body: the Trigger). */
export const PUT = tenantRoute({ permission: ["TRIGGER", "UPDATE"], body: triggerKeyBody }, async ({ ctx, can, body }) => {
  const key = { namespace: body.namespace, flowId: body.flowId, triggerId: body.triggerId };
  return triggerContext(await pauseBackfillOperation({ ctx, can: (ns) => can("TRIGGER", "UPDATE", ns), key, paused: false }));
});
