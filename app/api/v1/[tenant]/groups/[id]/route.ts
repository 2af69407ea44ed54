import { withTenant } from "@/db/tenant";
import { getGroup, publicGroup } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { groupUpdateBody } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";
import { deleteGroup, updateGroup } from "@/lib/server/groups";

export const GET = tenantRoute({ permission: ["GROUP", "READ"] }, async ({ ctx, params }) => {
  const group = await withTenant(ctx, (tx) => getGroup(tx, { id: params.id }));
  if (!group) throw new ApiError("not_found", `Group ${params.id} not found`);
  return publicGroup(group);
});

export const PUT = tenantRoute({ permission: ["GROUP", "UPDATE"], body: groupUpdateBody }, async ({ actor, params, body }) =>
  publicGroup(await updateGroup(actor, { id: params.id, patch: body })),
);

export const DELETE = tenantRoute({ permission: ["GROUP", "DELETE"] }, async ({ actor, params }) => {
  await deleteGroup(actor, { id: params.id });
  return undefined;
});
