import { asSuperadmin, withInstance } from "@/db/tenant";
import { deleteTenant, getTenant, updateTenant } from "@/db/queries/tenants";
import { instanceRoute } from "@/lib/api/route";
import { tenantUpdateBody } from "@/lib/api/schemas";
import { publicTenant } from "@/lib/api/views";
import { ApiError } from "@/lib/errors";

const notFound = (id: string) => new ApiError("not_found", `Tenant ${id} not found`);

export const GET = instanceRoute({}, async ({ params }) => {
  const tenant = await withInstance((tx) => getTenant(tx, { id: params.id }));
  if (!tenant) throw notFound(params.id);
  return publicTenant(tenant);
});

export const PUT = instanceRoute({ body: tenantUpdateBody }, async ({ caller, params, body }) => {
  if (body.id !== undefined && body.id !== params.id) {
    throw new ApiError("unprocessable", "A tenant id cannot change", [{ path: "id", message: "cannot change" }]);
  }
  const { name, color, settings } = body;
  const tenant = await asSuperadmin(
    { actorId: caller.user.id, action: "UPDATE", targetType: "TENANT", targetId: params.id, detail: JSON.stringify({ name, color, settings }) },
    (tx) => updateTenant(tx, params.id, { name, color, settings }),
  );
  if (!tenant) throw notFound(params.id);
  return publicTenant(tenant);
});

export const DELETE = instanceRoute({}, async ({ caller, params }) => {
  const tenant = await asSuperadmin(
    { actorId: caller.user.id, action: "DELETE", targetType: "TENANT", targetId: params.id },
    (tx) => deleteTenant(tx, params.id),
  );
  if (!tenant) throw notFound(params.id);
  return undefined;
});
