import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findTriggers } from "@/db/queries/triggers";
import { getFlow } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { triggerWithContext } from "@/lib/api/triggers";
import { namespaceScope } from "@/lib/permissions";

const query = pageQuery.extend({ namespace: namespaceSchema.optional(), flowId: z.string().max(100).optional() });

/** Kestra's GET /triggers/search: the tenant's triggers with their contexts, paged. */
export const GET = tenantRoute({ permission: ["TRIGGER", "READ"], query }, async ({ ctx, grants, query }) => {
  return withTenant(ctx, async (tx) => {
    const { rows, total } = await findTriggers(tx, { ...query, scope: namespaceScope(grants, "TRIGGER", "READ") });
    const definitions = new Map<string, Record<string, unknown>[]>();
    for (const row of rows) {
      const key = `${row.namespace}\u0000${row.flowId}`;
      if (!definitions.has(key)) {
        const flow = await getFlow(tx, { namespace: row.namespace, id: row.flowId });
        definitions.set(key, (flow?.definition.triggers ?? []) as Record<string, unknown>[]);
      }
    }
    const results = rows.map((row) =>
      triggerWithContext(row, definitions.get(`${row.namespace}\u0000${row.flowId}`)?.find((t) => t.id === row.triggerId)),
    );
    return paged(results, total);
  });
});
