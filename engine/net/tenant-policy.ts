import { withInstance } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import type { TenantSettings } from "@/db/schema";
import { networkPolicy, type NetworkPolicy } from "./policy";

const TTL_MS = 5_000;
const cache = new Map<string, { at: number; settings: Promise<TenantSettings> }>();

/**
 * A tenant's settings as the engine uses them, read at most every few seconds per
 * process: a superadmin's change reaches running workers quickly without a query per
 * task or request.
 */
export function tenantSettings(tenantId: string): Promise<TenantSettings> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.settings;
  const settings = withInstance((tx) => getTenant(tx, { id: tenantId })).then((t) => t?.settings ?? {});
  cache.set(tenantId, { at: Date.now(), settings });
  settings.catch(() => cache.delete(tenantId));
  return settings;
}

/** The tenant's network policy (TenantSettings.allowedNetworks). */
export async function tenantNetworkPolicy(tenantId: string): Promise<NetworkPolicy> {
  return networkPolicy((await tenantSettings(tenantId)).allowedNetworks);
}

/** Forget cached settings (after a superadmin changed a tenant in this process). */
export function forgetNetworkPolicy(tenantId?: string) {
  if (tenantId) cache.delete(tenantId);
  else cache.clear();
}
