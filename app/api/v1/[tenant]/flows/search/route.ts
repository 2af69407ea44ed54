import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findFlows } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { parseLabelFilters, publicFlow } from "@/lib/api/flows";
import { namespaceScope } from "@/lib/permissions";

// `labels` repeats (`?labels=a:1&labels=b:2`); the schema checks one, the URL gives all.
const query = pageQuery.extend({ namespace: namespaceSchema.optional(), labels: z.string().max(1000).optional() });

export const GET = tenantRoute({ permission: ["FLOW", "READ"], query }, async ({ req, ctx, grants, query }) => {
  const { results, total } = await withTenant(ctx, (tx) =>
    findFlows(tx, { ...query, labels: parseLabelFilters(new URL(req.url)), scope: namespaceScope(grants, "FLOW", "READ") }),
  );
  return paged(results.map((r) => publicFlow(r, { source: false })), total);
});
