import { withTenant } from "@/db/tenant";
import { getSecretMeta, upsertSecret } from "@/db/queries/secrets";
import { sealSecret } from "@/lib/secrets/crypto-store";
import type { Actor } from "../actor";
import { audit } from "../audit";

export type PutSecretInput = { namespace: string; key: string; value: string; description?: string | null; tags?: { key: string; value: string }[] };

/**
 * Creates a secret (SECRET:CREATE) or replaces one (SECRET:UPDATE) in a namespace. The value
 * is encrypted before it reaches the database; the audit entry names the key, never the value.
 */
export async function putSecret(actor: Actor, input: PutSecretInput): Promise<{ created: boolean }> {
  const { namespace, key } = input;
  actor.require("SECRET", "CREATE", namespace);
  return withTenant(actor, async (tx) => {
    const existing = await getSecretMeta(tx, { namespace, key });
    if (existing) actor.require("SECRET", "UPDATE", namespace);
    const where = { tenantId: actor.tenantId, namespace, key };
    await upsertSecret(tx, {
      ...where,
      value: await sealSecret(tx, where, input.value),
      description: input.description === undefined ? (existing?.description ?? null) : input.description,
      tags: input.tags ?? existing?.tags ?? [],
    });
    await audit(tx, actor, { action: existing ? "UPDATE" : "CREATE", resourceType: "SECRET", resourceId: `${namespace}/${key}` });
    return { created: !existing };
  });
}
