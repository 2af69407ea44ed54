import { tenantRoute } from "@/lib/api/route";
import { triggerKeyBody } from "@/lib/api/trigger-body";
import { triggerContext } from "@/lib/api/triggers";
import { deleteBackfillOperation } from "@/lib/server/triggers/backfill";

/** Kestra's POST /triggers/backfill/delete (body: the Trigger). */
export const POST = tenantRoute({ permission: ["TRIGGER", "UPDATE"], body: triggerKeyBody }, async ({ ctx, can, body }) => {
  const key = { namespace: body.namespace, flowId: body.flowId, triggerId: body.triggerId };
  return triggerContext(await deleteBackfillOperation({ ctx, can: (ns) => can("TRIGGER", "UPDATE", ns), key }));
});
