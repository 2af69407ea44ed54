import { withTenant } from "@/db/tenant";
import { getKv } from "@/db/queries/kv";
import { tenantRoute } from "@/lib/api/route";
import { parseWith, readBody } from "@/lib/api/request";
import { kvParams, kvValueFromBody, ttlFromHeader, typedValue } from "@/lib/api/kv";
import { ApiError } from "@/lib/errors";
import { deleteKvEntry, setKvEntry } from "@/lib/server/kv";

const MAX_VALUE_BYTES = 1024 * 1024;

function target(params: Record<string, string>) {
  const { namespace, key } = parseWith(kvParams, params, "path");
  return { namespace, key: key! };
}

export const GET = tenantRoute({ permission: ["KVSTORE", "READ"] }, async ({ ctx, params, can }) => {
  const { namespace, key } = target(params);
  const row = can("KVSTORE", "READ", namespace) ? await withTenant(ctx, (tx) => getKv(tx, { namespace, key })) : null;
  if (!row) throw new ApiError("not_found", `No KV entry ${key} in namespace ${namespace}`);
  return typedValue(row.value);
});

export const PUT = tenantRoute({ permission: ["KVSTORE", "UPDATE"] }, async ({ req, actor, params, require }) => {
  const { namespace, key } = target(params);
  // Before the body is read; the use case checks again.
  require("KVSTORE", "UPDATE", namespace);
  const ttlSeconds = ttlFromHeader(req);
  const value = kvValueFromBody(await readBody(req, MAX_VALUE_BYTES), req.headers.get("content-type"));
  await setKvEntry(actor, { namespace, key, value, ttlSeconds });
  return undefined;
});

export const DELETE = tenantRoute({ permission: ["KVSTORE", "DELETE"] }, async ({ actor, params }) => {
  await deleteKvEntry(actor, target(params));
  return undefined;
});
