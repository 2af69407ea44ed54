import { withTenant } from "@/db/tenant";
import { listKv } from "@/db/queries/kv";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { kvParams, publicKvEntry } from "@/lib/api/kv";
import { ApiError } from "@/lib/errors";

export const GET = tenantRoute({ permission: ["KVSTORE", "READ"] }, async ({ ctx, params, can }) => {
  const { namespace } = parseWith(kvParams, params, "path");
  if (!can("KVSTORE", "READ", namespace)) throw new ApiError("forbidden", `Missing permission KVSTORE:READ in namespace ${namespace}`);
  const rows = await withTenant(ctx, (tx) => listKv(tx, { namespace }));
  return rows.map(publicKvEntry);
});
