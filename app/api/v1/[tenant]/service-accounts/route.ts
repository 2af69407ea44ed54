import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findServiceAccounts, publicServiceAccount } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { serviceAccountBody } from "@/lib/api/schemas";
import { createServiceAccount } from "@/lib/server/service-accounts";

const accountQuery = pageQuery.extend({ q: z.string().max(100).optional() });

export const GET = tenantRoute({ permission: ["SERVICE_ACCOUNT", "READ"], query: accountQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findServiceAccounts(tx, query));
  return paged(results.map(publicServiceAccount), total);
});

export const POST = tenantRoute(
  { permission: ["SERVICE_ACCOUNT", "CREATE"], body: serviceAccountBody },
  async ({ actor, body }) => publicServiceAccount(await createServiceAccount(actor, { name: body.name, description: body.description })),
  201,
);
