import { hostname } from "node:os";
import { withTenant, withWorkQueue } from "@/db/tenant";
import { leaseDueTriggers, unleaseTriggers, type LeasedTrigger } from "@/db/queries/triggers";
import { newId } from "@/lib/ids";
import { signalWork } from "@/engine/worker/wakeup";
import { metrics } from "@/lib/observability/metrics";
import { fireLeasedTriggers, type Fired } from "./fire";
import { pollLeasedTrigger, type PollOptions } from "./poll";

export type Clock = () => Date;

export type SchedulerOptions = {
  /** The scheduler's time: due dates, leases and executions' dates (tests pass a fake one). */
  clock?: Clock;
  owner?: string;
  /** How long a leased trigger stays this scheduler's if it dies before firing it. */
  leaseMs?: number;
  /** A due date older than this when first seen is a missed schedule (recoverMissedSchedules). */
  graceMs?: number;
  /**
   * Triggers leased per round trip (each tenant with something due gets an equal share).
   * 5,000: with 100 tenants due, each tenant's share fires in one transaction of 50 rather
   * than five of 10 (`npm run bench scheduler`: lag p99 1.3 s → 0.75 s on PostgreSQL).
   */
  batch?: number;
  /** Most triggers of one tenant fired in one transaction. */
  chunk?: number;
  /** Most fires of one trigger per pass (a long outage under ALL is worked off over passes). */
  firesPerPass?: number;
  /** Most dates of one backfill per pass (firesPerPass by default): a long backfill leaves room for the schedules due meanwhile. */
  backfillPerPass?: number;
  pollMs?: number;
  /** Tenant transactions run at once (each fires up to `chunk` triggers of its tenant). */
  concurrency?: number;
  /** Only these tenants' triggers (read at each pass): a scheduler dedicated to some tenants, and tests that share a database. */
  tenants?: readonly string[];
  /** Called after each trigger's fires committed, with the scheduler's time then (the bench measures lag with it). */
  onFired?: (trigger: LeasedTrigger, created: number, at: Date) => void;
  /** Polls (http.Trigger) of one tenant in flight at once; more wait for a later pass. */
  pollsPerTenant?: number;
  /** The longest one poll may take (kept well inside `leaseMs`). */
  pollTimeoutMs?: number;
  /** The tenants' HTTP client for polls (tests); by default through each tenant's network policy. */
  pollHttp?: PollOptions["http"];
};

export type Scheduler = {
  owner: string;
  /** One pass: lease what is due, fire it; returns how many executions it created. */
  tick: () => Promise<number>;
  /** Polls every pollMs until stopped (the server's loop). */
  start: () => void;
  stop: () => Promise<void>;
  /** Waits for the polls in flight (polling triggers run beside the passes, never inside them). */
  idle: () => Promise<void>;
};

/**
 * A scheduler: as many as there are processes can run against one PostgreSQL; each due
 * trigger is leased by one of them (SKIP LOCKED), tenants taking turns, and fired with the
 * other due triggers of its tenant in one transaction of that tenant.
 */
const keyOf = (l: LeasedTrigger) => `${l.tenantId}\u0000${l.namespace}\u0000${l.flowId}\u0000${l.triggerId}`;

export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? (() => new Date());
  const owner = options.owner ?? `${hostname()}:${process.pid}:${newId(6)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const graceMs = options.graceMs ?? 30_000;
  const batch = options.batch ?? 5000;
  const chunkSize = options.chunk ?? 100;
  const firesPerPass = options.firesPerPass ?? 100;
  const backfillPerPass = options.backfillPerPass ?? firesPerPass;
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 4;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const pollsPerTenant = options.pollsPerTenant ?? 4;
  const pollTimeoutMs = Math.min(options.pollTimeoutMs ?? 10_000, Math.max(1000, Math.floor(leaseMs / 2)));
  /** Polls in flight, by trigger key; their count per tenant. */
  const polls = new Map<string, Promise<void>>();
  const pollCount = new Map<string, number>();
  /** Aborted on stop: a poll waiting on a slow endpoint does not hold the shutdown. */
  let stopping = new AbortController();

  /**
   * Starts the polls of leased polling triggers without waiting for them: a slow endpoint
   * holds its own trigger's lease only, never the pass, so the other tenants' schedules (and
   * this tenant's) fire on time. A tenant with `pollsPerTenant` polls in flight gets the rest
   * back for a later pass.
   */
  async function startPolls(leased: LeasedTrigger[], now: Date): Promise<void> {
    const later: LeasedTrigger[] = [];
    for (const l of leased) {
      const count = pollCount.get(l.tenantId) ?? 0;
      if (count >= pollsPerTenant || polls.has(keyOf(l))) {
        later.push(l);
        continue;
      }
      pollCount.set(l.tenantId, count + 1);
      const key = keyOf(l);
      const poll = pollLeasedTrigger(l, { owner, now, timeoutMs: pollTimeoutMs, http: options.pollHttp, signal: stopping.signal })
        .then((executionId) => {
          if (!executionId) return;
          signalWork();
          options.onFired?.(l, 1, clock());
        })
        .catch((error) => console.error(`[scheduler] ${l.tenantId}/${l.namespace}.${l.flowId}/${l.triggerId}: poll failed:`, error))
        .finally(() => {
          polls.delete(key);
          pollCount.set(l.tenantId, (pollCount.get(l.tenantId) ?? 1) - 1);
        });
      polls.set(key, poll);
    }
    if (later.length) await withWorkQueue((tx) => unleaseTriggers(tx, { owner, leased: later }));
  }

  async function idle(): Promise<void> {
    while (polls.size) await Promise.all([...polls.values()]);
  }

  /** Fires one tenant's chunk in one transaction; if that fails, each trigger alone (a bad one keeps its lease and is retried when it expires, the others fire now). */
  async function fireChunk(tenantId: string, chunk: LeasedTrigger[], now: Date): Promise<Fired[]> {
    const fireOptions = { owner, now, graceMs, limit: firesPerPass, backfillLimit: backfillPerPass };
    try {
      return await withTenant({ tenantId }, (tx) => fireLeasedTriggers(tx, tenantId, chunk, fireOptions));
    } catch (error) {
      if (chunk.length === 1) {
        console.error(`[scheduler] ${tenantId}/${chunk[0].namespace}.${chunk[0].flowId}/${chunk[0].triggerId}:`, error);
        return [];
      }
      const out: Fired[] = [];
      for (const trigger of chunk) out.push(...(await fireChunk(tenantId, [trigger], now)));
      return out;
    }
  }

  async function tick(): Promise<number> {
    let total = 0;
    const seen = new Set<string>();
    for (;;) {
      const now = clock();
      // A lease holds each due tenant's share, so it may come back short while more is due: the
      // pass goes on while leases bring triggers it has not fired yet. One it fired already (a
      // backfill or a long catch-up, due again at once) is given back for the next pass, so a
      // pass does its `backfillPerPass` dates and a backfill's progress shows.
      const { taken, more } = await withWorkQueue(async (tx) => {
        const all = await leaseDueTriggers(tx, { owner, now, leaseMs, limit: batch, tenants: options.tenants });
        const again = all.filter((l) => seen.has(keyOf(l)));
        await unleaseTriggers(tx, { owner, leased: again });
        // More may be due only if the lease was full or some tenant got its whole share.
        const counts = new Map<string, number>();
        for (const l of all) counts.set(l.tenantId, (counts.get(l.tenantId) ?? 0) + 1);
        const more = all.length >= batch || all.some((l) => l.share !== undefined && (counts.get(l.tenantId) ?? 0) >= l.share);
        return { taken: all.filter((l) => !seen.has(keyOf(l))), more };
      });
      if (taken.length === 0) return total;
      for (const l of taken) seen.add(keyOf(l));
      const leased = taken;
      // One transaction per tenant chunk; the tenants' first chunks go before anyone's second.
      const byTenant = new Map<string, LeasedTrigger[]>();
      for (const trigger of leased) byTenant.set(trigger.tenantId, [...(byTenant.get(trigger.tenantId) ?? []), trigger]);
      const rounds: { tenantId: string; chunk: LeasedTrigger[] }[][] = [];
      for (const [tenantId, list] of byTenant) {
        for (let i = 0; i * chunkSize < list.length; i++) (rounds[i] ??= []).push({ tenantId, chunk: list.slice(i * chunkSize, (i + 1) * chunkSize) });
      }
      const queue = rounds.flat();
      let index = 0;
      const lane = async () => {
        while (index < queue.length) {
          const { tenantId, chunk } = queue[index++];
          const all = await fireChunk(tenantId, chunk, now);
          // Polling triggers come back leased and unfired: their calls start now, beside the pass.
          await startPolls(all.filter((f) => f.poll).map((f) => f.leased), now);
          const fired = all.filter((f) => !f.poll);
          const at = clock();
          for (const f of fired) {
            total += f.executionIds.length;
            // Fire time minus due time, on the scheduler's clock (switchyard_scheduler_lag_seconds).
            for (const date of f.fired) metrics().schedulerLag.observe(Math.max(0, at.getTime() - date.getTime()) / 1000);
            options.onFired?.(f.leased, f.executionIds.length, at);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, lane));
      if (total > 0) signalWork();
      if (!more) return total;
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error) => console.error("[scheduler]", error))
        .finally(() => {
          running = null;
          schedule();
        });
    }, pollMs);
    timer.unref?.();
  }

  return {
    owner,
    tick,
    start: () => {
      stopped = false;
      if (stopping.signal.aborted) stopping = new AbortController();
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      stopping.abort();
      await idle();
    },
    idle,
  };
}

const globalForScheduler = globalThis as unknown as { __switchyardScheduler?: Scheduler };

/** Starts this process's scheduler loop once (next to its worker). */
export function startSchedulerLoop(): Scheduler {
  if (!globalForScheduler.__switchyardScheduler) {
    // A backfill goes 20 dates a pass (about 20 a second): its progress shows, and it never hogs the loop.
    const scheduler = createScheduler({ backfillPerPass: 20 });
    scheduler.start();
    globalForScheduler.__switchyardScheduler = scheduler;
  }
  return globalForScheduler.__switchyardScheduler;
}

export async function stopSchedulerLoop(): Promise<void> {
  const scheduler = globalForScheduler.__switchyardScheduler;
  globalForScheduler.__switchyardScheduler = undefined;
  await scheduler?.stop();
}
