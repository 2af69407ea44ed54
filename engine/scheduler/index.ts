import { hostname } from "node:os";
import { withTenant, withWorkQueue } from "@/db/tenant";
import { leaseDueTriggers, type LeasedTrigger } from "@/db/queries/triggers";
import { newId } from "@/lib/ids";
import { signalWork } from "@/engine/worker/wakeup";
import { fireLeasedTrigger } from "./fire";

export type Clock = () => Date;

export type SchedulerOptions = {
  /** The scheduler's time: due dates, leases and executions' dates (tests pass a fake one). */
  clock?: Clock;
  owner?: string;
  /** How long a leased trigger stays this scheduler's if it dies before firing it. */
  leaseMs?: number;
  /** A due date older than this when first seen is a missed schedule (recoverMissedSchedules). */
  graceMs?: number;
  /** Triggers leased per round trip. */
  batch?: number;
  /** Most fires of one trigger per pass (a long outage under ALL is worked off over passes). */
  firesPerPass?: number;
  /** Most dates of one backfill per pass (firesPerPass by default): a long backfill leaves room for the schedules due meanwhile. */
  backfillPerPass?: number;
  pollMs?: number;
  /** Triggers fired at once (each in its own tenant transaction). */
  concurrency?: number;
  /** Only these tenants' triggers (read at each pass): a scheduler dedicated to some tenants, and tests that share a database. */
  tenants?: readonly string[];
  /** Called after each trigger's fires committed, with the scheduler's time then (the bench measures lag with it). */
  onFired?: (trigger: LeasedTrigger, created: number, at: Date) => void;
};

export type Scheduler = {
  owner: string;
  /** One pass: lease what is due, fire it; returns how many executions it created. */
  tick: () => Promise<number>;
  /** Polls every pollMs until stopped (the server's loop). */
  start: () => void;
  stop: () => Promise<void>;
};

/**
 * A scheduler: as many as there are processes can run against one PostgreSQL; each due
 * trigger is leased by one of them (SKIP LOCKED) and fired in its tenant's transaction.
 */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const clock = options.clock ?? (() => new Date());
  const owner = options.owner ?? `${hostname()}:${process.pid}:${newId(6)}`;
  const leaseMs = options.leaseMs ?? 30_000;
  const graceMs = options.graceMs ?? 30_000;
  const batch = options.batch ?? 200;
  const firesPerPass = options.firesPerPass ?? 100;
  const backfillPerPass = options.backfillPerPass ?? firesPerPass;
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? 8;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;

  async function tick(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = clock();
      const leased = await withWorkQueue((tx) => leaseDueTriggers(tx, { owner, now, leaseMs, limit: batch, tenants: options.tenants }));
      let index = 0;
      const lane = async () => {
        while (index < leased.length) {
          const trigger = leased[index++];
          try {
            const created = await withTenant({ tenantId: trigger.tenantId }, (tx) => fireLeasedTrigger(tx, trigger, { owner, now, graceMs, limit: firesPerPass, backfillLimit: backfillPerPass }));
            total += created.length;
            options.onFired?.(trigger, created.length, clock());
          } catch (error) {
            // The lease stays and expires: another pass (here or elsewhere) tries again.
            console.error(`[scheduler] ${trigger.tenantId}/${trigger.namespace}.${trigger.flowId}/${trigger.triggerId}:`, error);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, leased.length) }, lane));
      if (total > 0) signalWork();
      if (leased.length < batch) return total;
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
      schedule();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
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
