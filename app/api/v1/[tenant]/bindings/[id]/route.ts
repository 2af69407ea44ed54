import { withTenant } from "@/db/tenant";
import { deleteBinding, getBinding, publicBinding, recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";

const notFound = (id: string) => new ApiError("not_found", `Binding ${id} not found`);

export const GET = tenantRoute({ permission: ["BINDING", "READ"] }, async ({ ctx, params }) => {
  const binding = await withTenant(ctx, (tx) => getBinding(tx, { id: params.id }));
  if (!binding) throw notFound(params.id);
  return publicBinding(binding);
});

export const DELETE = tenantRoute({ permission: ["BINDING", "DELETE"] }, async ({ ctx, tenantId, params }) => {
  const binding = await withTenant(ctx, async (tx) => {
    const deleted = await deleteBinding(tx, { id: params.id });
    if (deleted) await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "BINDING", resourceId: params.id });
    return deleted;
  });
  if (!binding) throw notFound(params.id);
  return undefined;
});
