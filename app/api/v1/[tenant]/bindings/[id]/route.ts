import { withTenant } from "@/db/tenant";
import { getBinding, publicBinding } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { deleteBinding } from "@/lib/server/bindings";

const notFound = (id: string) => new ApiError("not_found", `Binding ${id} not found`);

export const GET = tenantRoute({ permission: ["BINDING", "READ"] }, async ({ ctx, params }) => {
  const binding = await withTenant(ctx, (tx) => getBinding(tx, { id: params.id }));
  if (!binding) throw notFound(params.id);
  return publicBinding(binding);
});

export const DELETE = tenantRoute({ permission: ["BINDING", "DELETE"] }, async ({ actor, params }) => {
  await deleteBinding(actor, { id: params.id });
  return undefined;
});
