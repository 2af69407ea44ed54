import { withWorkQueue } from "@/db/tenant";
import { publishRateDemand, rateKey, type RateDemand, type RateShares } from "@/db/queries/rate-shares";
import { env } from "@/lib/env";
import { newId } from "@/lib/ids";

type Bucket = {
  tokens: number;
  at: number;
  /** This process's part of the tenant's rate and burst (1 when it is alone). */
  fraction: number;
  /** Calls seen since the last sync (admitted or refused): what this process publishes. */
  demand: number;
  rate: number;
  burst: number;
};

/** How often a shared limiter publishes its demand and reads the others'. */
export const RATE_SYNC_MS = 1_000;
/** A process whose heartbeat or demand is older than this no longer counts. */
export const RATE_LIVE_MS = 3_000;
/** Buckets idle this long are full again: forgotten, they would come back the same. */
const IDLE_MS = 60_000;

export type RateLimiterOptions = {
  /** Publishes demand and reads the other processes' (null: this process alone, nothing shared). */
  publish: ((input: { now: number; demands: RateDemand[]; tracked: { tenantId: string; family: string }[] }) => Promise<RateShares>) | null;
};

/**
 * Token buckets per tenant and family (webhook calls, API requests, ...). Alone, a bucket
 * holds `burst` tokens and refills at `rate`, exactly. Shared (several web processes on one
 * PostgreSQL), each process publishes about once a second how many calls it saw per tenant
 * and takes the part of the rate and burst that matches its part of the tenant's demand over
 * the live processes, so that the processes together admit about the tenant's rate without
 * a database write per call. A key this process has not synced yet starts with an equal
 * share among the live processes. The sum can pass the limit only while demand shifts
 * between processes, by at most one sync interval's worth.
 */
export class RateLimiter {
  private readonly families = new Map<string, Map<string, Bucket>>();
  private otherProcesses = 0;
  private syncing: Promise<void> | null = null;
  private syncs = 0;

  constructor(private readonly options: RateLimiterOptions) {}

  /** Takes one token: `null` when the call may go on, else the whole seconds until one is back (`Retry-After`). */
  take(family: string, key: string, rate: number, burst: number, now = Date.now()): number | null {
    let buckets = this.families.get(family);
    if (!buckets) this.families.set(family, (buckets = new Map()));
    let bucket = buckets.get(key);
    if (!bucket) {
      const fraction = 1 / (1 + this.otherProcesses);
      bucket = { tokens: Math.max(1, burst * fraction), at: now, fraction, demand: 0, rate, burst };
      buckets.set(key, bucket);
    }
    bucket.rate = rate;
    bucket.burst = burst;
    bucket.demand++;
    const share = rate * bucket.fraction;
    bucket.tokens = Math.min(Math.max(1, burst * bucket.fraction), bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * share);
    bucket.at = now;
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / share));
    bucket.tokens -= 1;
    return null;
  }

  /**
   * Publishes the demand seen since the last sync and sets every bucket's part from what the
   * other live processes reported. Without `publish`, does nothing. Never runs twice at once.
   */
  sync(now = Date.now()): Promise<void> {
    if (!this.options.publish) return Promise.resolve();
    this.syncing ??= this.runSync(this.options.publish, now).finally(() => {
      this.syncing = null;
    });
    return this.syncing;
  }

  private async runSync(publish: NonNullable<RateLimiterOptions["publish"]>, now: number): Promise<void> {
    const demands: RateDemand[] = [];
    const tracked: { tenantId: string; family: string }[] = [];
    const mine = new Map<string, number>();
    for (const [family, buckets] of this.families) {
      for (const [tenantId, bucket] of buckets) {
        if (bucket.demand === 0 && now - bucket.at > IDLE_MS) {
          buckets.delete(tenantId);
          continue;
        }
        tracked.push({ tenantId, family });
        mine.set(rateKey(family, tenantId), bucket.demand);
        if (bucket.demand > 0) demands.push({ tenantId, family, demand: bucket.demand });
        bucket.demand = 0;
      }
    }
    const shares = await publish({ now, demands, tracked });
    this.otherProcesses = shares.otherProcesses;
    for (const [family, buckets] of this.families) {
      for (const [tenantId, bucket] of buckets) {
        const key = rateKey(family, tenantId);
        if (!mine.has(key)) continue; // made during the sync: keeps the share it started with
        const others = shares.others.get(key);
        const own = mine.get(key) ?? 0;
        // Alone on the key: all of it. Busy here: in proportion to demand. Idle here while
        // others are busy: an equal share, until this process's own demand shows.
        const fraction = !others ? 1 : own > 0 ? own / (own + others.demand) : 1 / (1 + others.processes);
        if (fraction === bucket.fraction) continue;
        // What was earned at the old share stays; the new share caps it.
        bucket.tokens = Math.min(Math.max(1, bucket.burst * fraction), bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * bucket.rate * bucket.fraction);
        bucket.at = Math.max(bucket.at, now);
        bucket.fraction = fraction;
      }
    }
  }

  /** Forgets the buckets of one family, or all. */
  reset(family?: string): void {
    if (family) this.families.get(family)?.clear();
    else this.families.clear();
  }
}

/**
 * Shares through the database: one statement a sync, through the cross-tenant door, on the
 * database's clock (`callerClock`: the limiter's, for tests that simulate time).
 */
export function databaseRatePublisher(processId: string, { callerClock = false }: { callerClock?: boolean } = {}): NonNullable<RateLimiterOptions["publish"]> {
  let count = 0;
  return ({ now, demands, tracked }) =>
    withWorkQueue((tx) =>
      publishRateDemand(tx, {
        processId,
        now: callerClock ? now : undefined,
        liveMs: RATE_LIVE_MS,
        demands,
        tracked,
        // Now and then, rows of processes long gone go away.
        sweepBeforeMs: count++ % 30 === 0 ? 60_000 : undefined,
      }),
    );
}

const globalLimiter = globalThis as unknown as { __switchyardRateLimiter?: RateLimiter; __switchyardRateTimer?: ReturnType<typeof setInterval> };

/**
 * The process's limiter. On PostgreSQL (DATABASE_URL) several web processes may serve one
 * tenant: the limiter is shared and syncs every RATE_SYNC_MS. On the embedded database there
 * is one process: it counts alone, in memory.
 */
function processLimiter(): RateLimiter {
  if (globalLimiter.__switchyardRateLimiter) return globalLimiter.__switchyardRateLimiter;
  const shared = Boolean(env().DATABASE_URL);
  const limiter = new RateLimiter({ publish: shared ? databaseRatePublisher(`web:${newId()}`) : null });
  globalLimiter.__switchyardRateLimiter = limiter;
  if (shared) {
    let failing = false;
    const timer = setInterval(() => {
      limiter.sync().then(
        () => {
          failing = false;
        },
        (error) => {
          // The buckets keep their last shares meanwhile.
          if (!failing) console.error("[rate-limit] could not share rate limits:", error);
          failing = true;
        },
      );
    }, RATE_SYNC_MS);
    timer.unref?.();
    globalLimiter.__switchyardRateTimer = timer;
  }
  return limiter;
}

/**
 * Takes one token from `key`'s bucket in the `family` (webhook calls, API requests, ...):
 * `rate` tokens a second, at most `burst` saved, across the instance's web processes. Returns
 * `null` when the call may go on, else the whole seconds until one token is back (for
 * `Retry-After`).
 */
export function takeToken(family: string, key: string, rate: number, burst: number, now = Date.now()): number | null {
  return processLimiter().take(family, key, rate, burst, now);
}

/** Forgets the buckets of one family, or of all (tests). */
export function resetTokens(family?: string): void {
  globalLimiter.__switchyardRateLimiter?.reset(family);
}
