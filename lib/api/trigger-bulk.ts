import { z } from "zod";
import { tenantRoute } from "@/lib/api/route";
import { namespaceSchema } from "@/lib/api/schemas";
import { triggerKeyBody } from "@/lib/api/trigger-body";
import { namespaceScope } from "@/lib/permissions";
import { ApiError } from "@/lib/errors";
import { bulkTriggerOperation, MAX_BULK, type BulkAction } from "@/lib/server/triggers/bulk";

const keys = z.array(triggerKeyBody).max(MAX_BULK);
/** Kestra's clients send Trigger[] (unlock, backfill) or `{triggers, disabled}` (set-disabled). */
const byTriggersBody = z.union([keys, z.looseObject({ triggers: keys, disabled: z.boolean().optional() })]);
const byQuery = z.object({
  q: z.string().max(200).optional(),
  namespace: namespaceSchema.optional(),
  flowId: z.string().max(100).optional(),
  disabled: z.enum(["true", "false"]).optional(),
});

type Make = (input: { disabled?: boolean }) => BulkAction;

/** POST /triggers/{action}/by-triggers: the listed triggers. */
export function byTriggersRoute(make: Make) {
  return tenantRoute({ permission: ["TRIGGER", "UPDATE"], body: byTriggersBody }, async ({ ctx, can, body }) => {
    const list = Array.isArray(body) ? body : body.triggers;
    const disabled = Array.isArray(body) ? undefined : body.disabled;
    return bulkTriggerOperation({
      ctx,
      can: (ns) => can("TRIGGER", "UPDATE", ns),
      selection: { keys: list.map((t) => ({ namespace: t.namespace, flowId: t.flowId, triggerId: t.triggerId })) },
      action: make({ disabled }),
    });
  });
}

/** POST /triggers/{action}/by-query: the tenant's triggers matching `?q&namespace&flowId`, where the caller may change them. */
export function byQueryRoute(make: Make) {
  return tenantRoute({ permission: ["TRIGGER", "UPDATE"], query: byQuery }, async ({ ctx, can, grants, query, req }) => {
    // set-disabled takes `disabled` as a query value (Kestra) or in a JSON body.
    let disabled = query.disabled === undefined ? undefined : query.disabled === "true";
    if (disabled === undefined && req.headers.get("content-type")?.includes("json")) {
      const parsed = z.looseObject({ disabled: z.boolean().optional() }).safeParse(await req.json().catch(() => ({})));
      if (parsed.success) disabled = parsed.data.disabled;
    }
    const { q, namespace, flowId } = query;
    return bulkTriggerOperation({
      ctx,
      can: (ns) => can("TRIGGER", "UPDATE", ns),
      selection: { query: { q, namespace, flowId }, scope: namespaceScope(grants, "TRIGGER", "UPDATE") },
      action: make({ disabled }),
    });
  });
}

/** set-disabled needs `disabled`: a 422 naming it otherwise. */
export function setDisabledAction({ disabled }: { disabled?: boolean }): BulkAction {
  if (disabled === undefined) throw new ApiError("unprocessable", "Give disabled (true or false)", [{ path: "disabled", message: "required" }]);
  return { kind: "setDisabled", disabled };
}
