import { withTenant } from "@/db/tenant";
import { listSecrets } from "@/db/queries/secrets";
import { tenantRoute } from "@/lib/api/route";
import { parseWith } from "@/lib/api/request";
import { publicSecret, putSecretBody, secretParams } from "@/lib/api/secrets";
import { putSecret } from "@/lib/server/secrets";

/** Kestra's secrets list: keys, descriptions and tags, never a value. */
export const GET = tenantRoute({ permission: ["SECRET", "READ"] }, async ({ ctx, params, require }) => {
  const { namespace } = parseWith(secretParams, params, "path");
  require("SECRET", "READ", namespace);
  const rows = await withTenant(ctx, (tx) => listSecrets(tx, { namespace }));
  return { readOnly: false, results: rows.map(publicSecret), total: rows.length };
});

/** Creates or replaces a secret; answers the namespace's secrets (without values). */
export const PUT = tenantRoute({ permission: ["SECRET", "CREATE"], body: putSecretBody }, async ({ ctx, actor, params, require, body }) => {
  const { namespace } = parseWith(secretParams, params, "path");
  require("SECRET", "CREATE", namespace);
  await putSecret(actor, { namespace, ...body });
  const rows = await withTenant(ctx, (tx) => listSecrets(tx, { namespace }));
  return rows.map(publicSecret);
});
