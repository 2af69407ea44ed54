import { z } from "zod";
import { withTenant } from "@/db/tenant";
import { namespaceSummaries } from "@/db/queries/flows";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { namespaceSchema } from "@/lib/api/schemas";
import { ApiError } from "@/lib/errors";

/** One namespace: exists while a live flow is in it or below it. */
export const GET = tenantRoute({ permission: ["NAMESPACE", "READ"] }, async ({ ctx, params, can }) => {
  const { namespace } = parseWith(z.object({ namespace: namespaceSchema }), params, "path");
  const rows = can("NAMESPACE", "READ", namespace) ? await withTenant(ctx, (tx) => namespaceSummaries(tx, { scope: [namespace] })) : [];
  if (rows.length === 0) throw new ApiError("not_found", `Namespace ${namespace} not found`);
  const own = rows.find((r) => r.namespace === namespace);
  return { id: namespace, flowCount: own?.flowCount ?? 0, children: rows.filter((r) => r.namespace !== namespace).map((r) => r.namespace) };
});
