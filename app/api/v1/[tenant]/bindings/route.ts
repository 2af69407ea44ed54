import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findBindings, publicBinding } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { bindingBody } from "@/lib/api/schemas";
import { createBinding } from "@/lib/server/bindings";

const bindingQuery = pageQuery.extend({ externalId: z.string().max(64).optional() });

export const GET = tenantRoute({ permission: ["BINDING", "READ"], query: bindingQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findBindings(tx, query));
  return paged(results.map(publicBinding), total);
});

export const POST = tenantRoute({ permission: ["BINDING", "CREATE"], body: bindingBody }, async ({ actor, body }) => publicBinding(await createBinding(actor, body)), 201);
