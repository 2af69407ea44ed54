import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findGroups, publicGroup } from "@/db/queries/iam";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { groupBody } from "@/lib/api/schemas";
import { createGroup } from "@/lib/server/groups";

const groupQuery = pageQuery.extend({ q: z.string().max(100).optional() });

export const GET = tenantRoute({ permission: ["GROUP", "READ"], query: groupQuery }, async ({ ctx, query }) => {
  const { results, total } = await withTenant(ctx, (tx) => findGroups(tx, query));
  return paged(results.map((g) => publicGroup(g, g.memberCount)), total);
});

export const POST = tenantRoute({ permission: ["GROUP", "CREATE"], body: groupBody }, async ({ actor, body }) =>
  publicGroup(await createGroup(actor, { name: body.name, description: body.description, memberIds: body.membersId })),
  201,
);
