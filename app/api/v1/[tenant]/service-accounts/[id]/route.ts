import { withTenant } from "@/db/tenant";
import { getServiceAccount, publicServiceAccount } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { serviceAccountUpdateBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";
import { deleteServiceAccount, updateServiceAccount } from "@/lib/server/service-accounts";

export const GET = tenantRoute({ permission: ["SERVICE_ACCOUNT", "READ"] }, async ({ ctx, params }) => {
  const account = await withTenant(ctx, (tx) => getServiceAccount(tx, { id: params.id }));
  if (!account) throw new ApiError("not_found", `Service account ${params.id} not found`);
  return publicServiceAccount(account);
});

export const PUT = tenantRoute({ permission: ["SERVICE_ACCOUNT", "UPDATE"], body: serviceAccountUpdateBody }, async ({ actor, params, body }) =>
  publicServiceAccount(await updateServiceAccount(actor, { id: params.id, patch: { name: body.name, description: body.description } })),
);

export const DELETE = tenantRoute({ permission: ["SERVICE_ACCOUNT", "DELETE"] }, async ({ actor, params }) => {
  await deleteServiceAccount(actor, { id: params.id });
  return undefined;
});
