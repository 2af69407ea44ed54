import type { TenantSettings } from "@/db/schema";
import { effectiveQuotas } from "@/engine/quotas/limits";
import { ApiError } from "@/lib/errors";
import { takeToken } from "./rate-limit";

/**
 * The tenant's `requestsPerSecond` quota on its API (invariant 6): a token bucket per
 * tenant holding up to two seconds' worth of requests. Over it, a 429 whose `Retry-After`
 * says when one request fits again and whose body names the quota. Held across the web
 * processes of one PostgreSQL (lib/api/rate-limit.ts).
 */
export function takeRequestToken(tenantId: string, settings: TenantSettings | null | undefined, now = Date.now()): void {
  const rate = effectiveQuotas(settings).requestsPerSecond;
  if (rate === null) return;
  const retryAfter = takeToken("api", tenantId, rate, rate * 2, now);
  if (retryAfter === null) return;
  const error = new ApiError("too_many_requests", `Too many API requests for tenant ${tenantId}: its quota is ${rate} requests per second; retry in ${retryAfter} s`, [
    { path: "quotas.requestsPerSecond", message: `quota of ${rate} requests per second exceeded` },
  ]);
  error.retryAfterSeconds = retryAfter;
  throw error;
}
