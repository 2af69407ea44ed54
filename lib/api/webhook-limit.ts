import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";

type Bucket = { tokens: number; at: number };

const globalForLimit = globalThis as unknown as { __switchyardWebhookBuckets?: Map<string, Bucket> };

/**
 * A per-tenant token bucket on webhook calls (invariant 6: one tenant's flood of calls
 * cannot take the others' request path): WEBHOOK_RATE_PER_SECOND calls a second, bursts of
 * WEBHOOK_RATE_BURST. Over it, a 429 whose `Retry-After` says when one call fits again.
 * Per process: N web processes allow N times the rate.
 */
export function takeWebhookToken(tenantId: string, now = Date.now()): void {
  const { WEBHOOK_RATE_PER_SECOND: rate, WEBHOOK_RATE_BURST: burst } = env();
  if (rate === 0) return;
  const buckets = (globalForLimit.__switchyardWebhookBuckets ??= new Map());
  const bucket = buckets.get(tenantId) ?? { tokens: burst, at: now };
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * rate);
  bucket.at = now;
  if (bucket.tokens < 1) {
    buckets.set(tenantId, bucket);
    const error = new ApiError("too_many_requests", `Too many webhook calls for this tenant (${rate}/s, bursts of ${burst}); retry later`);
    error.retryAfterSeconds = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    throw error;
  }
  bucket.tokens -= 1;
  buckets.set(tenantId, bucket);
}

/** Forgets every bucket (tests). */
export function resetWebhookLimits(): void {
  globalForLimit.__switchyardWebhookBuckets?.clear();
}
