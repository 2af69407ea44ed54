import { z } from "zod";
import type { TenantQuotas, TenantSettings } from "@/db/schema";
import { tenantSettings } from "@/engine/net/tenant-policy";
import { env } from "@/lib/env";

export { QuotaExceeded } from "./errors";

/** The quotas a superadmin may set on a tenant: each a positive whole number, `null` for the instance default. */
export const tenantQuotasSchema = z.strictObject({
  maxRunningExecutions: z.number().int().min(1, "must be at least 1").max(1_000_000).nullable().optional(),
  requestsPerSecond: z.number().int().min(1, "must be at least 1").max(1_000_000).nullable().optional(),
  storageBytes: z.number().int().min(0, "must not be negative").max(Number.MAX_SAFE_INTEGER).nullable().optional(),
  retentionDays: z.number().int().min(1, "must be at least 1").max(36_500).nullable().optional(),
});

export type Quotas = { [K in keyof Required<TenantQuotas>]: number | null };

/** A tenant's effective quotas: its own, else the instance default (QUOTA_DEFAULT_*), else unlimited (`null`). */
export function effectiveQuotas(settings: TenantSettings | null | undefined): Quotas {
  const own = settings?.quotas ?? {};
  const config = env();
  return {
    maxRunningExecutions: own.maxRunningExecutions ?? config.QUOTA_DEFAULT_MAX_RUNNING_EXECUTIONS ?? null,
    requestsPerSecond: own.requestsPerSecond ?? config.QUOTA_DEFAULT_REQUESTS_PER_SECOND ?? null,
    storageBytes: own.storageBytes ?? config.QUOTA_DEFAULT_STORAGE_BYTES ?? null,
    retentionDays: own.retentionDays ?? config.QUOTA_DEFAULT_RETENTION_DAYS ?? null,
  };
}

/** The tenant's effective quotas as the engine sees them (settings cached a few seconds per process). */
export async function tenantQuotas(tenantId: string): Promise<Quotas> {
  return effectiveQuotas(await tenantSettings(tenantId));
}
