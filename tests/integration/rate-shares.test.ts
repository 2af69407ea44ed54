import { sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { withTenant, withWorkQueue } from "@/db/tenant";
import { RATE_LIVE_MS, RATE_SYNC_MS, RateLimiter, databaseRatePublisher } from "@/lib/api/rate-limit";
import { newId } from "@/lib/ids";
import { rows } from "../helpers/sql";

/**
 * Rate limits across processes (issue 15): two limiters sharing the database stand for two
 * web processes. Each gets more calls than the tenant's rate; together they admit the rate
 * plus one burst, within 5 %. Alone, a process keeps the whole rate, exactly as before.
 */

const RATE = 10;
const BURST = 20;
const TOLERANCE = 1.05;

/** A tenant id (no tenant row needed: the counts have no foreign key). */
const tid = () => `t-${newId().toLowerCase()}`;

// Each test runs at its own simulated hour, so the heartbeats of an earlier test's
// limiters (which stop syncing when it ends) are long gone in the next one's clock.
let epoch = Date.now();
const nextStart = () => (epoch += 3_600_000);

const limiter = () => new RateLimiter({ publish: databaseRatePublisher(`test:${newId()}`, { callerClock: true }) });

/**
 * Runs `seconds` of simulated time in 50 ms steps: at each step each limiter is offered its
 * number of calls for `tenant`; every RATE_SYNC_MS each syncs. Returns the calls each admitted.
 */
async function drive(limiters: { limiter: RateLimiter; perStep: number }[], tenant: string, start: number, seconds: number): Promise<number[]> {
  const admitted = limiters.map(() => 0);
  for (let t = 0; t < seconds * 1000; t += 50) {
    const now = start + t;
    if (t > 0 && t % RATE_SYNC_MS === 0) for (const l of limiters) await l.limiter.sync(now);
    limiters.forEach((l, i) => {
      for (let k = 0; k < l.perStep; k++) if (l.limiter.take("api", tenant, RATE, BURST, now) === null) admitted[i]++;
    });
  }
  return admitted;
}

/** Two live processes that know each other (heartbeats published), as in a running instance. */
async function pair(start: number): Promise<[RateLimiter, RateLimiter]> {
  const a = limiter();
  const b = limiter();
  await a.sync(start - 2);
  await b.sync(start - 1);
  await a.sync(start);
  return [a, b];
}

describe("a tenant's rate held across two processes sharing the database", () => {
  test("both flooded evenly: together they admit the rate plus one burst", async () => {
    const tenant = tid();
    const start = nextStart();
    const [a, b] = await pair(start);
    const admitted = await drive([{ limiter: a, perStep: 3 }, { limiter: b, perStep: 3 }], tenant, start, 10);
    const total = admitted[0] + admitted[1];
    const limit = RATE * 10 + BURST;
    expect(total, `admitted ${admitted.join(" + ")}`).toBeLessThanOrEqual(limit * TOLERANCE);
    // Nor is the tenant starved: the shares add up to its rate.
    expect(total).toBeGreaterThanOrEqual(RATE * 10);
    // Alone, each process would have let the full rate through: twice as much.
    expect(admitted[0]).toBeGreaterThan(limit * 0.4);
    expect(admitted[1]).toBeGreaterThan(limit * 0.4);
  });

  test("uneven demand (3 to 1): shares follow demand and the sum stays within the limit", async () => {
    const tenant = tid();
    const start = nextStart();
    const [a, b] = await pair(start);
    const admitted = await drive([{ limiter: a, perStep: 3 }, { limiter: b, perStep: 1 }], tenant, start, 10);
    const total = admitted[0] + admitted[1];
    expect(total, `admitted ${admitted.join(" + ")}`).toBeLessThanOrEqual((RATE * 10 + BURST) * TOLERANCE);
    expect(total).toBeGreaterThanOrEqual(RATE * 10);
    expect(admitted[0]).toBeGreaterThan(admitted[1] * 2);
  });

  test("a tenant served by one process only gets the whole rate there; another tenant is unaffected", async () => {
    const busy = tid();
    const other = tid();
    const start = nextStart();
    const [a, b] = await pair(start);
    // b is live (its heartbeat is fresh) but sees none of this tenant's calls: after the
    // first sync, a holds the whole rate.
    const admitted = await drive([{ limiter: a, perStep: 3 }, { limiter: b, perStep: 0 }], busy, start, 10);
    expect(admitted[0]).toBeGreaterThanOrEqual(RATE * 9 + BURST / 2);
    expect(admitted[0]).toBeLessThanOrEqual((RATE * 10 + BURST) * TOLERANCE);
    // Another tenant's bucket on b is its own.
    let passed = 0;
    for (let i = 0; i < BURST; i++) if (b.take("api", other, RATE, BURST, start + 10_000) === null) passed++;
    expect(passed).toBeGreaterThanOrEqual(BURST / 2);
  });

  test("a process that stops publishing stops counting: the survivor takes the whole rate back", async () => {
    const tenant = tid();
    const start = nextStart();
    const [a, b] = await pair(start);
    await drive([{ limiter: a, perStep: 3 }, { limiter: b, perStep: 3 }], tenant, start, 3);
    // b dies; a goes on alone past the live window.
    const later = start + 3_000 + RATE_LIVE_MS + RATE_SYNC_MS;
    await a.sync(later);
    let admitted = 0;
    for (let t = 0; t < 5_000; t += 50) {
      if (t % RATE_SYNC_MS === 0) await a.sync(later + t);
      for (let k = 0; k < 3; k++) if (a.take("api", tenant, RATE, BURST, later + t) === null) admitted++;
    }
    expect(admitted).toBeGreaterThanOrEqual(RATE * 5);
  });

  test("a process alone (no other heartbeat) is exact, as with no sharing", async () => {
    const tenant = tid();
    const alone = new RateLimiter({ publish: databaseRatePublisher(`test:${newId()}`, { callerClock: true }) });
    const local = new RateLimiter({ publish: null });
    const start = nextStart();
    await alone.sync(start);
    const shared = await drive([{ limiter: alone, perStep: 3 }], tenant, start, 5);
    const solo = await drive([{ limiter: local, perStep: 3 }], tenant, start, 5);
    expect(shared).toEqual(solo);
    // A burst, then the rate: exactly what one bucket allows.
    // (calls at 0, 50, ..., 4950 ms: the bucket refills 49.5 tokens after its first 20)
    expect(solo[0]).toBe(BURST + Math.floor(RATE * 4.95));
  });

  test("what is published is counts per tenant under RLS: a tenant sees its own rows only", async () => {
    const mine = tid();
    const theirs = tid();
    const start = nextStart();
    const [a] = await pair(start);
    a.take("api", mine, RATE, BURST, start);
    a.take("api", theirs, RATE, BURST, start);
    await a.sync(start + 1);
    const seen = await withTenant({ tenantId: mine }, async (tx) => rows<{ tenant_id: string }>(tx, sql`select tenant_id from rate_usage`));
    expect(seen.map((r) => r.tenant_id)).toEqual([mine]);
    // The cross-tenant door that publishes them sees both.
    const all = await withWorkQueue((tx) => rows<{ tenant_id: string }>(tx, sql`select tenant_id from rate_usage where tenant_id in (${mine}, ${theirs})`));
    expect(all).toHaveLength(2);
  });
});

describe("on the database's clock", () => {
  test("two processes see each other's demand whatever their own clocks say", async () => {
    const tenant = tid();
    const first = databaseRatePublisher(`test:${newId()}`);
    const second = databaseRatePublisher(`test:${newId()}`);
    // Clocks a day apart: without the database's time, each would think the other long dead.
    await first({ now: Date.now() - 86_400_000, demands: [{ tenantId: tenant, family: "api", demand: 7 }], tracked: [{ tenantId: tenant, family: "api" }] });
    const seen = await second({ now: Date.now() + 86_400_000, demands: [{ tenantId: tenant, family: "api", demand: 3 }], tracked: [{ tenantId: tenant, family: "api" }] });
    expect(seen.others.get(`api\u0000${tenant}`)).toEqual({ demand: 7, processes: 1 });
  });
});
