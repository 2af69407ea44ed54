import { withInstance, withTenant } from "@/db/tenant";
import { listTenantSettings, lockStorageUsage, setStorageUsage } from "@/db/queries/quotas";
import { getStorage } from "./storage";
import type { CountedStorage } from "./quota";

export type Recount = { tenantId: string; before: number; after: number };

/**
 * Recomputes each tenant's `storage_usage` from what the backend really holds (files written
 * before the counter existed, a crash between a file's delete and its counter's change, a
 * backend restored from a backup) and writes it unless `dryRun`. Each tenant's counter is
 * locked while its files are summed, so its puts wait rather than race the recount. Two
 * moments are not covered: a put whose reservation committed but whose bytes are still
 * travelling is missed (counter below the truth until the next recount), and a delete whose
 * files went but whose bytes are not yet given back is counted off twice (the same). Run it
 * when the instance is quiet, or twice, to be exact.
 */
export async function recountStorageUsage(options: { tenants?: readonly string[]; dryRun?: boolean; storage?: CountedStorage } = {}): Promise<Recount[]> {
  const storage = options.storage ?? getStorage();
  const tenants = (await withInstance((tx) => listTenantSettings(tx))).map((t) => t.id).filter((id) => !options.tenants || options.tenants.includes(id));
  const out: Recount[] = [];
  for (const tenantId of tenants) {
    out.push(
      await withTenant({ tenantId }, async (tx) => {
        const before = await lockStorageUsage(tx, { tenantId });
        const after = await storage.backend.usage(tenantId);
        if (!options.dryRun && after !== before) await setStorageUsage(tx, { tenantId, bytes: after });
        return { tenantId, before, after };
      }),
    );
  }
  return out;
}
