import { withTenant } from "@/db/tenant";
import { getServiceAccount, listServiceAccountTokens } from "@/db/queries/iam";
import { publicToken } from "@/db/queries/tokens";
import { tenantRoute } from "@/lib/api/route";
import { apiTokenBody } from "@/lib/api/schemas";
import { tokenMaxAge } from "@/lib/api/tokens";
import { ApiError } from "@/lib/errors";
import { createServiceAccountToken } from "@/lib/server/service-accounts";

export const GET = tenantRoute({ permission: ["SERVICE_ACCOUNT", "READ"] }, async ({ ctx, params }) => {
  const rows = await withTenant(ctx, async (tx) => ((await getServiceAccount(tx, { id: params.id })) ? listServiceAccountTokens(tx, { serviceAccountId: params.id }) : null));
  if (!rows) throw new ApiError("not_found", `Service account ${params.id} not found`);
  return { results: rows.map(publicToken), total: rows.length };
});

/** `{id, name, fullToken}`: the full value is shown this once. */
export const POST = tenantRoute(
  { permission: ["SERVICE_ACCOUNT", "UPDATE"], body: apiTokenBody },
  ({ actor, params, body }) =>
    createServiceAccountToken(actor, { serviceAccountId: params.id, name: body.name, description: body.description, maxAgeSeconds: tokenMaxAge(body) }),
  201,
);
