import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { namespaceSchema } from "@/lib/api/schemas";
import { triggerContext } from "@/lib/api/triggers";
import { ApiError } from "@/lib/errors";
import { setTriggerDisabledOperation } from "@/lib/server/triggers/set-disabled";
import { createBackfillOperation } from "@/lib/server/triggers/backfill";

// Kestra's client sends the whole context back; the fields we act on are checked, the rest
// (dates, executionId, ...) are read-only and ignored.
const body = z.looseObject({
  namespace: namespaceSchema,
  flowId: z.string().min(1).max(100),
  triggerId: z.string().min(1).max(100),
  disabled: z.boolean().optional(),
  backfill: z
    .looseObject({
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }).nullish(),
      inputs: z.record(z.string(), z.unknown()).nullish(),
      labels: z.array(z.strictObject({ key: z.string().min(1).max(100), value: z.string().max(1000) })).max(50).nullish(),
    })
    .nullish(),
});

/** Kestra's PUT /triggers: `backfill` starts a backfill; else `disabled` disables or enables the trigger. */
export const PUT = tenantRoute({ permission: ["TRIGGER", "UPDATE"], body }, async ({ ctx, can, body }) => {
  const key = { namespace: body.namespace, flowId: body.flowId, triggerId: body.triggerId };
  if (body.backfill) {
    const b = body.backfill;
    const row = await createBackfillOperation({
      ctx,
      can: (ns) => can("TRIGGER", "UPDATE", ns),
      key,
      backfill: { start: new Date(b.start), end: b.end ? new Date(b.end) : undefined, inputs: b.inputs ?? undefined, labels: b.labels ?? undefined },
    });
    return triggerContext(row);
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
