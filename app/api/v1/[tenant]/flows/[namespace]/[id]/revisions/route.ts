import { withTenant } from "@/db/tenant";
import { listFlowRevisions } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { flowParams, publicFlow } from "@/lib/api/flows";
import { ApiError } from "@/lib/errors";

export const GET = tenantRoute({ permission: ["FLOW", "READ"] }, async ({ ctx, params, can }) => {
  const { namespace, id } = parseWith(flowParams, params, "path");
  const rows = can("FLOW", "READ", namespace) ? await withTenant(ctx, (tx) => listFlowRevisions(tx, { namespace, id })) : [];
  if (rows.length === 0) throw new ApiError("not_found", `Flow ${namespace}.${id} not found`);
  return rows.map((r) => publicFlow(r));
});
