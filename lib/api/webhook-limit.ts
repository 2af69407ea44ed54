import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { resetTokens, takeToken } from "./rate-limit";

/**
 * A per-tenant token bucket on webhook calls (invariant 6: one tenant's flood of calls
 * cannot take the others' request path): WEBHOOK_RATE_PER_SECOND calls a second, bursts of
 * WEBHOOK_RATE_BURST. Over it, a 429 whose `Retry-After` says when one call fits again.
 * Held across the web processes of one PostgreSQL (lib/api/rate-limit.ts).
 */
export function takeWebhookToken(tenantId: string, now = Date.now()): void {
  const { WEBHOOK_RATE_PER_SECOND: rate, WEBHOOK_RATE_BURST: burst } = env();
  if (rate === 0) return;
  const retryAfter = takeToken("webhook", tenantId, rate, burst, now);
  if (retryAfter === null) return;
  const error = new ApiError("too_many_requests", `Too many webhook calls for this tenant (${rate}/s, bursts of ${burst}); retry later`);
  error.retryAfterSeconds = retryAfter;
  throw error;
}

/** Forgets every bucket (tests). */
export function resetWebhookLimits(): void {
  resetTokens("webhook");
}
