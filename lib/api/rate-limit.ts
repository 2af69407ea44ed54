type Bucket = { tokens: number; at: number };

const globalBuckets = globalThis as unknown as { __switchyardRateBuckets?: Map<string, Map<string, Bucket>> };

/**
 * Takes one token from `key`'s bucket in the `family` (webhook calls, API requests, ...):
 * `rate` tokens a second, at most `burst` saved. Returns `null` when the call may go on,
 * else the whole seconds until one token is back (for `Retry-After`). Kept in this
 * process's memory: N web processes allow N times the rate.
 */
export function takeToken(family: string, key: string, rate: number, burst: number, now = Date.now()): number | null {
  const families = (globalBuckets.__switchyardRateBuckets ??= new Map());
  let buckets = families.get(family);
  if (!buckets) families.set(family, (buckets = new Map()));
  const bucket = buckets.get(key) ?? { tokens: burst, at: now };
  bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * rate);
  bucket.at = now;
  buckets.set(key, bucket);
  if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
  bucket.tokens -= 1;
  return null;
}

/** Forgets the buckets of one family, or of all (tests). */
export function resetTokens(family?: string): void {
  if (family) globalBuckets.__switchyardRateBuckets?.get(family)?.clear();
  else globalBuckets.__switchyardRateBuckets?.clear();
}
