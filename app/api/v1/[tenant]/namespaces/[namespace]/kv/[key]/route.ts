import { withTenant } from "@/db/tenant";
import { deleteKv, getKv, setKv } from "@/db/queries/kv";
import { recordAudit } from "@/db/queries/access";
import { tenantRoute } from "@/lib/api/route";
import { parseWith, readBody } from "@/lib/api/request";
import { kvParams, kvValueFromBody, ttlFromHeader, typedValue } from "@/lib/api/kv";
import { ApiError } from "@/lib/errors";

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

export const PUT = tenantRoute({ permission: ["KVSTORE", "UPDATE"] }, async ({ req, ctx, tenantId, params, can }) => {
  const { namespace, key } = target(params);
  if (!can("KVSTORE", "UPDATE", namespace)) throw new ApiError("forbidden", `Missing permission KVSTORE:UPDATE in namespace ${namespace}`);
  const ttlSeconds = ttlFromHeader(req);
  const value = kvValueFromBody(await readBody(req, MAX_VALUE_BYTES), req.headers.get("content-type"));
  await withTenant(ctx, async (tx) => {
    await setKv(tx, { tenantId, namespace, key, value, ttlSeconds });
    await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "UPDATE", resourceType: "KVSTORE", resourceId: `${namespace}/${key}` });
  });
  return undefined;
});

export const DELETE = tenantRoute({ permission: ["KVSTORE", "DELETE"] }, async ({ ctx, tenantId, params, can }) => {
  const { namespace, key } = target(params);
  if (!can("KVSTORE", "DELETE", namespace)) throw new ApiError("forbidden", `Missing permission KVSTORE:DELETE in namespace ${namespace}`);
  const deleted = await withTenant(ctx, async (tx) => {
    const ok = await deleteKv(tx, { namespace, key });
    if (ok) await recordAudit(tx, { tenantId, actorId: ctx.userId, action: "DELETE", resourceType: "KVSTORE", resourceId: `${namespace}/${key}` });
    return ok;
  });
  if (!deleted) throw new ApiError("not_found", `No KV entry ${key} in namespace ${namespace}`);
  return undefined;
});
