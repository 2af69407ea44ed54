import { withTenant } from "@/db/tenant";
import { getRole, publicRole } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { roleUpdateBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";
import { deleteRole, updateRole } from "@/lib/server/roles";

const notFound = (id: string) => new ApiError("not_found", `Role ${id} not found`);

export const GET = tenantRoute({ permission: ["ROLE", "READ"] }, async ({ ctx, params }) => {
  const role = await withTenant(ctx, (tx) => getRole(tx, { id: params.id }));
  if (!role) throw notFound(params.id);
  return publicRole(role);
});

export const PUT = tenantRoute({ permission: ["ROLE", "UPDATE"], body: roleUpdateBody }, async ({ actor, params, body }) =>
  publicRole(await updateRole(actor, { id: params.id, patch: body })),
);

export const DELETE = tenantRoute({ permission: ["ROLE", "DELETE"] }, async ({ actor, params }) => {
  await deleteRole(actor, { id: params.id });
  return undefined;
});
