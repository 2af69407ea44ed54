import { withTenant } from "@/db/tenant";
import { listSecretsIn } from "@/db/queries/secrets";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { secretParams } from "@/lib/api/secrets";
import { namespaceChain } from "@/lib/secrets/crypto-store";

/** Keys `secret()` finds from this namespace in its parents (Kestra's map: namespace → keys). */
export const GET = tenantRoute({ permission: ["SECRET", "READ"] }, async ({ ctx, params, require }) => {
  const { namespace } = parseWith(secretParams, params, "path");
  require("SECRET", "READ", namespace);
  const parents = namespaceChain(namespace).slice(1);
  const rows = await withTenant(ctx, (tx) => listSecretsIn(tx, { namespaces: parents }));
  const out: Record<string, string[]> = {};
  for (const row of rows) (out[row.namespace] ??= []).push(row.key);
  return out;
});
