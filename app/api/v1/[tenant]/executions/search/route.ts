import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { findExecutions } from "@/db/queries/executions";
import { tenantRoute } from "@/lib/api/route";
import { pageQuery, paged } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { parseLabelFilters } from "@/lib/api/flows";
import { STATE_TYPES } from "@/engine/executor";
import { namespaceScope } from "@/lib/permissions";
import { ApiError } from "@/lib/errors";

const query = pageQuery.extend({
  namespace: namespaceSchema.optional(),
  flowId: z.string().max(100).optional(),
  state: z.string().optional(),
  labels: z.string().optional(),
  startDate: z.iso.datetime({ offset: true }).optional(),
  endDate: z.iso.datetime({ offset: true }).optional(),
});

/** Paged executions: `?q&namespace&flowId&state (repeatable)&labels=k:v&startDate&endDate&sort`. */
export const GET = tenantRoute({ permission: ["EXECUTION", "READ"], query }, async ({ req, ctx, grants, query }) => {
  const url = new URL(req.url);
  const states = url.searchParams.getAll("state").flatMap((s) => s.split(",")).filter(Boolean);
  const unknown = states.filter((s) => !(STATE_TYPES as readonly string[]).includes(s));
  if (unknown.length) {
    throw new ApiError("unprocessable", `Unknown state(s): ${unknown.join(", ")}`, [{ path: "state", message: "unknown state" }]);
  }
  const { results, total } = await withTenant(ctx, (tx) =>
    findExecutions(tx, {
      ...query,
      states,
      labels: parseLabelFilters(url),
      startDate: query.startDate ? new Date(query.startDate) : undefined,
      endDate: query.endDate ? new Date(query.endDate) : undefined,
      scope: namespaceScope(grants, "EXECUTION", "READ"),
    }),
  );
  return paged(results.map((r) => r.document), total);
});
