import { tenantRoute } from "@/lib/api/route";
import { deleteServiceAccountTokenOf } from "@/lib/server/service-accounts";

export const DELETE = tenantRoute({ permission: ["SERVICE_ACCOUNT", "UPDATE"] }, async ({ actor, params }) => {
  await deleteServiceAccountTokenOf(actor, { serviceAccountId: params.id, tokenId: params.tokenId });
  return undefined;
});
