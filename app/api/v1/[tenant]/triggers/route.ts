import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { namespaceSchema } from "@/lib/api/schemas";
import { triggerContext } from "@/lib/api/triggers";
import { ApiError } from "@/lib/errors";
import { setTriggerDisabledOperation } from "@/lib/server/triggers/set-disabled";

// Kestra's client sends the whole context back; the fields we act on are checked, the rest
// (dates, executionId, ...) are read-only and ignored.
const body = z.looseObject({
  namespace: namespaceSchema,
  flowId: z.string().min(1).max(100),
  triggerId: z.string().min(1).max(100),
  disabled: z.boolean().optional(),
  backfill: z.unknown().optional(),
});

/** Kestra's PUT /triggers: `disabled` disables or enables the trigger. */
export const PUT = tenantRoute({ permission: ["TRIGGER", "UPDATE"], body }, async ({ ctx, can, body }) => {
  if (body.backfill !== undefined && body.backfill !== null) {
    throw new ApiError("unprocessable", "Backfills are not available yet", [{ path: "backfill", message: "not supported yet" }]);
  }
  if (body.disabled === undefined) throw new ApiError("unprocessable", "Nothing to change: give disabled", [{ path: "disabled", message: "required" }]);
  const row = await setTriggerDisabledOperation({
    ctx,
    can: (ns) => can("TRIGGER", "UPDATE", ns),
    key: { namespace: body.namespace, flowId: body.flowId, triggerId: body.triggerId },
    disabled: body.disabled,
  });
  return triggerContext(row);
});
