import { withTenant } from "@/db/tenant";
import { updateSecret } from "@/db/queries/secrets";
import { ApiError } from "@/lib/errors";
import { sealSecret } from "@/lib/secrets/crypto-store";
import type { Actor } from "../actor";
import { audit } from "../audit";

/** Changes a secret's value, description or tags (SECRET:UPDATE); 404 when there is none. */
export async function patchSecret(
  actor: Actor,
  input: { namespace: string; key: string; value?: string; description?: string | null; tags?: { key: string; value: string }[] },
): Promise<void> {
  const { namespace, key } = input;
  actor.require("SECRET", "UPDATE", namespace);
  await withTenant(actor, async (tx) => {
    const where = { tenantId: actor.tenantId, namespace, key };
    const value = input.value === undefined ? undefined : await sealSecret(tx, where, input.value);
    const found = await updateSecret(tx, { namespace, key, value, description: input.description, tags: input.tags });
    if (!found) throw new ApiError("not_found", `No secret ${key} in namespace ${namespace}`);
    const changed = [value && "value", input.description !== undefined && "description", input.tags && "tags"].filter(Boolean);
    await audit(tx, actor, { action: "UPDATE", resourceType: "SECRET", resourceId: `${namespace}/${key}`, detail: { changed } });
  });
}
