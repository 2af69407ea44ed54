import { withInstance, withTenant } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";
import { countActiveExecutions, countQueuedExecutions, getStorageUsage } from "@/db/queries/quotas";
import type { TenantQuotas } from "@/db/schema";
import { forgetNetworkPolicy } from "@/engine/net/tenant-policy";
import { effectiveQuotas, type Quotas } from "@/engine/quotas/limits";
import { wakeQueuedUnderQuota } from "@/engine/quotas/running";
import { signalWork } from "@/engine/worker/wakeup";
import { ApiError } from "@/lib/errors";
import { requireSuperadmin, type InstanceActor } from "../actor";
import { updateTenant } from "./update";

export type TenantUsage = { runningExecutions: number; queuedExecutions: number; storageBytes: number };
export type TenantQuotaView = { tenantId: string; quotas: TenantQuotas; effective: Quotas; usage: TenantUsage };

/** What the tenant uses now of what its quotas limit (the retention and rate quotas have no usage to show). */
export async function tenantUsage(tenantId: string): Promise<TenantUsage> {
  return withTenant({ tenantId }, async (tx) => ({
    runningExecutions: await countActiveExecutions(tx, { tenantId }),
    queuedExecutions: await countQueuedExecutions(tx, { tenantId }),
    storageBytes: await getStorageUsage(tx, { tenantId }),
  }));
}

/** A tenant's quotas as set, as in force (instance defaults filled in), and its usage (superadmins only). */
export async function getTenantQuotas(actor: InstanceActor, { id }: { id: string }): Promise<TenantQuotaView> {
  requireSuperadmin(actor);
  const tenant = await withInstance((tx) => getTenant(tx, { id }));
  if (!tenant) throw new ApiError("not_found", `Tenant ${id} not found`);
  return { tenantId: id, quotas: tenant.settings?.quotas ?? {}, effective: effectiveQuotas(tenant.settings), usage: await tenantUsage(id) };
}

/**
 * Replaces a tenant's quotas (superadmins only; audited as an update of the tenant). An
 * absent or null quota means the instance default. Executions a lower quota held back and
 * a higher (or removed) quota lets run are woken at once.
 */
export async function setTenantQuotas(actor: InstanceActor, { id, quotas }: { id: string; quotas: TenantQuotas }): Promise<TenantQuotaView> {
  const set = Object.fromEntries(Object.entries(quotas).filter(([, v]) => v !== null && v !== undefined)) as TenantQuotas;
  await updateTenant(actor, { id, patch: { settings: { quotas: set } } });
  forgetNetworkPolicy(id);
  if (await withTenant({ tenantId: id }, (tx) => wakeQueuedUnderQuota(tx, { tenantId: id, quotaChanged: true }))) signalWork();
  return getTenantQuotas(actor, { id });
}
