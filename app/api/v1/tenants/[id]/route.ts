import { withInstance } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { instanceActor, instanceRoute } from "@/lib/api/route";
import { deleteTenant, updateTenant } from "@/lib/server/tenants";
import { tenantUpdateBody } from "@/lib/api/schemas";
import { adminTenant } from "@/lib/api/views";
import { ApiError } from "@/lib/errors";
import { forgetNetworkPolicy } from "@/engine/net/tenant-policy";

const notFound = (id: string) => new ApiError("not_found", `Tenant ${id} not found`);

export const GET = instanceRoute({}, async ({ params }) => {
  const tenant = await withInstance((tx) => getTenant(tx, { id: params.id }));
  if (!tenant) throw notFound(params.id);
  return adminTenant(tenant);
});

export const PUT = instanceRoute({ body: tenantUpdateBody }, async ({ caller, params, body }) => {
  if (body.id !== undefined && body.id !== params.id) {
    throw new ApiError("unprocessable", "A tenant id cannot change", [{ path: "id", message: "cannot change" }]);
  }
  const { name, color, settings } = body;
  const tenant = await updateTenant(instanceActor(caller), { id: params.id, patch: { name, color, settings } });
  forgetNetworkPolicy(params.id);
  return adminTenant(tenant);
});

export const DELETE = instanceRoute({}, async ({ caller, params }) => {
  await deleteTenant(instanceActor(caller), { id: params.id });
  return undefined;
});
