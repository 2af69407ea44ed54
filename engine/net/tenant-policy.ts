import { withInstance } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { networkPolicy, type NetworkPolicy } from "./policy";

const TTL_MS = 5_000;
const cache = new Map<string, { at: number; policy: Promise<NetworkPolicy> }>();

/**
 * The tenant's network policy from its settings, read at most every few seconds per
 * process: a superadmin's change reaches running workers quickly without a query per
 * request.
 */
export function tenantNetworkPolicy(tenantId: string): Promise<NetworkPolicy> {
  const hit = cache.get(tenantId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.policy;
  const policy = withInstance((tx) => getTenant(tx, { id: tenantId })).then((t) => networkPolicy(t?.settings?.allowedNetworks));
  cache.set(tenantId, { at: Date.now(), policy });
  policy.catch(() => cache.delete(tenantId));
  return policy;
}

/** Forget cached policies (after a superadmin changed a tenant's settings in this process). */
export function forgetNetworkPolicy(tenantId?: string) {
  if (tenantId) cache.delete(tenantId);
  else cache.clear();
}
