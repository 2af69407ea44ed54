import { hostname } from "node:os";
import { withWorkQueue } from "@/db/tenant";
import { extendLeases, leaseWork, type WorkItem } from "@/db/queries/work";
import { newId } from "@/lib/ids";
import { wakeupBus } from "./wakeup";

export type WorkerOptions = {
  /** Advances one leased item; must end the lease (finishWork) in the tenant's transaction. */
  process: (item: WorkItem, owner: string) => Promise<void>;
  concurrency?: number;
  leaseMs?: number;
  /** Longest sleep between polls when no wake-up signal arrives. */
  pollMs?: number;
  onError?: (error: unknown, item?: WorkItem) => void;
};

export type RunningWorker = { owner: string; stop: () => Promise<void>; idle: () => Promise<void> };

/**
 * The lease loop: takes due work items (SKIP LOCKED, so several workers share the queue),
 * runs up to `concurrency` at once, renews its leases on a heartbeat, and sleeps until a
 * wake-up signal or the poll interval. A crashed worker's leases expire and its items are
 * taken again: work is leased, not taken (DESIGN.md invariant 4).
 */
export function startWorker(options: WorkerOptions): RunningWorker {
  const owner = `${hostname()}:${process.pid}:${newId(6)}`;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const onError = options.onError ?? ((error) => console.error("[worker]", error));
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let wake: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];

  const onSignal = () => wake?.();
  wakeupBus().on("work", onSignal);

  const heartbeat = setInterval(() => {
    if (inFlight.size > 0) withWorkQueue((tx) => extendLeases(tx, { owner, leaseMs })).catch(onError);
  }, Math.max(1000, leaseMs / 3));
  heartbeat.unref?.();

  async function loop() {
    while (running) {
      const room = concurrency - inFlight.size;
      let leased: WorkItem[] = [];
      if (room > 0) {
        try {
          leased = await withWorkQueue((tx) => leaseWork(tx, { owner, limit: room, leaseMs }));
        } catch (error) {
          onError(error);
        }
      }
      for (const item of leased) {
        const task = options.process(item, owner).catch((error) => onError(error, item));
        const tracked = task.finally(() => {
          inFlight.delete(tracked);
          wake?.();
        });
        inFlight.add(tracked);
      }
      if (leased.length === 0 && inFlight.size === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
      if (leased.length === room && room > 0) continue; // more may be due right away
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, pollMs);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
        if (!running) done();
      });
    }
  }

  const finished = loop();

  return {
    owner,
    async stop() {
      running = false;
      wake?.();
      clearInterval(heartbeat);
      wakeupBus().off("work", onSignal);
      await finished;
      await Promise.allSettled([...inFlight]);
    },
    idle: () => new Promise<void>((resolve) => idleWaiters.push(resolve)),
  };
}
