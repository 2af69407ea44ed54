/** Quota names as the API and the admin page spell them (TenantQuotas). */
export type QuotaName = "maxRunningExecutions" | "requestsPerSecond" | "storageBytes" | "retentionDays";

/**
 * An action refused because it would pass a tenant's quota: the API answers 413 (storage)
 * or 429 naming the quota, the engine fails the task with this message. No imports, so the
 * error mapping can know it without loading the engine.
 */
export class QuotaExceeded extends Error {
  constructor(
    readonly quota: QuotaName,
    message: string,
  ) {
    super(message);
    this.name = "QuotaExceeded";
  }
}
