import { withTenant } from "@/db/tenant";
import { deleteRole, getRole, publicRole, recordAudit, updateRole } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { roleUpdateBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";

const notFound = (id: string) => new ApiError("not_found", `Role ${id} not found`);

export const GET = tenantRoute({ permission: ["ROLE", "READ"] }, async ({ ctx, params }) => {
  const role = await withTenant(ctx, (tx) => getRole(tx, { id: params.id }));
  if (!role) throw notFound(params.id);
  return publicRole(role);
});

export const PUT = tenantRoute({ permission: ["ROLE", "UPDATE"], body: roleUpdateBody }, async ({ ctx, tenantId, params, body }) => {
  const { name, description, permissions } = body;
  const role = await withTenant(ctx, async (tx) => {
    const current = await getRole(tx, { id: params.id });
    if (!current) return null;
    if (current.managed && name !== undefined && name !== current.name) {
      throw new ApiError("unprocessable", "Managed roles keep their name", [{ path: "name", message: "managed role" }]);
    }
    const updated = await updateRole(tx, params.id, { name, description, permissions });
    await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "ROLE", resourceId: params.id, detail: body });
    return updated;
  });
  if (!role) throw notFound(params.id);
  return publicRole(role);
});

export const DELETE = tenantRoute({ permission: ["ROLE", "DELETE"] }, async ({ ctx, tenantId, params }) => {
  await withTenant(ctx, async (tx) => {
    const role = await getRole(tx, { id: params.id });
    if (!role) throw notFound(params.id);
    if (role.managed) throw new ApiError("conflict", `${role.name} is a managed role and cannot be deleted`);
    await deleteRole(tx, { id: params.id });
    await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "ROLE", resourceId: params.id, detail: { name: role.name } });
  });
  return undefined;
});
