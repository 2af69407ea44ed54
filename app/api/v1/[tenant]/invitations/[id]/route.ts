import { withTenant } from "@/db/tenant";
import { getInvitation, publicInvitation } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { ApiError } from "@/lib/errors";
import { deleteInvitation } from "@/lib/server/invitations";

export const GET = tenantRoute({ permission: ["TENANT_ACCESS", "READ"] }, async ({ ctx, params }) => {
  const invitation = await withTenant(ctx, (tx) => getInvitation(tx, { id: params.id }));
  if (!invitation) throw new ApiError("not_found", `Invitation ${params.id} not found`);
  return publicInvitation(invitation);
});

export const DELETE = tenantRoute({ permission: ["TENANT_ACCESS", "DELETE"] }, async ({ actor, params }) => {
  await deleteInvitation(actor, { id: params.id });
  return undefined;
});
