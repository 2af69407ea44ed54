import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { searchLogs } from "@/db/queries/logs";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { publicLog } from "@/lib/api/logs";
import { namespaceScope } from "@/lib/permissions";

const query = pageQuery.extend({
  namespace: namespaceSchema.optional(),
  flowId: z.string().max(100).optional(),
  minLevel: z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]).optional(),
  startDate: z.iso.datetime({ offset: true }).optional(),
  endDate: z.iso.datetime({ offset: true }).optional(),
});

export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query }, async ({ ctx, grants, query }) => {
  const { results, total } = await withTenant(ctx, (tx) =>
    searchLogs(tx, {
      ...query,
      startDate: query.startDate ? new Date(query.startDate) : undefined,
      endDate: query.endDate ? new Date(query.endDate) : undefined,
      scope: namespaceScope(grants, "EXECUTION", "READ"),
    }),
  );
  return paged(results.map(publicLog), total);
});
