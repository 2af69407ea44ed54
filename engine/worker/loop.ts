import { hostname } from "node:os";
import { leaseAndLoad, withWorkQueue } from "@/db/tenant";
import type { Tx } from "@/db/client";
import { extendLeases, leaseWork, type LeasedItem, type WorkItem } from "@/db/queries/work";
import { metrics } from "@/lib/observability/metrics";
import { newId } from "@/lib/ids";
import { wakeupBus } from "./wakeup";

export type WorkerOptions<T = undefined> = {
  /**
   * Reads what `process` needs for a leased item, in the leasing transaction with the item's
   * tenant entered (leaseAndLoad). Without it, items are leased alone.
   */
  load?: (tx: Tx, item: WorkItem, owner: string) => Promise<T>;
  /** Advances one leased item; must end the lease (finishWork) in the tenant's transaction. */
  process: (item: WorkItem, owner: string, loaded: T) => Promise<void>;
  concurrency?: number;
  leaseMs?: number;
  /** Longest sleep between polls when no wake-up signal arrives. */
  pollMs?: number;
  onError?: (error: unknown, item?: WorkItem) => void;
};

/**
 * A place reserved in a worker for an item its caller is about to queue already leased to
 * it (`enqueueLeased`): `run` once that transaction committed, `cancel` if it did not.
 */
export type Slot<T> = { owner: string; leaseMs: number; run: (item: WorkItem, loaded: T) => void; cancel: () => void };

export type RunningWorker<T = undefined> = {
  owner: string;
  stop: () => Promise<void>;
  idle: () => Promise<void>;
  /** A slot for a new item, or null when the worker is full or stopping. Synchronous. */
  reserve: () => Slot<T> | null;
};

/**
 * The lease loop: takes due work items (SKIP LOCKED, so several workers share the queue),
 * runs up to `concurrency` at once, renews its leases on a heartbeat, and sleeps until a
 * wake-up signal or the poll interval. A crashed worker's leases expire and its items are
 * taken again: work is leased, not taken (DESIGN.md invariant 4).
 */
export function startWorker<T = undefined>(options: WorkerOptions<T>): RunningWorker<T> {
  const owner = `${hostname()}:${process.pid}:${newId(6)}`;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const onError = options.onError ?? ((error) => console.error("[worker]", error));
  const inFlight = new Set<Promise<void>>();
  let running = true;
  let reserved = 0;
  let wake: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];
  // Poll when told work is due (a signal, or a full lease that may have left more behind)
  // or every pollMs; a finished item alone does not mean more work is waiting.
  let due = true;
  let lastPoll = 0;

  const onSignal = () => {
    due = true;
    wake?.();
  };
  wakeupBus().on("work", onSignal);

  const heartbeat = setInterval(() => {
    if (inFlight.size > 0) withWorkQueue((tx) => extendLeases(tx, { owner, leaseMs })).catch(onError);
  }, Math.max(1000, leaseMs / 3));
  heartbeat.unref?.();

  function track(item: WorkItem, loaded: T) {
    const task = options.process(item, owner, loaded).catch((error) => onError(error, item));
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      wake?.();
    });
    inFlight.add(tracked);
  }

  async function loop() {
    while (running) {
      const room = concurrency - inFlight.size - reserved;
      let leased: { item: WorkItem; loaded: T }[] = [];
      if (Date.now() - lastPoll >= pollMs) due = true;
      const polled = room > 0 && due;
      if (polled) {
        due = false;
        lastPoll = Date.now();
        try {
          const lease = (tx: Tx) => leaseWork(tx, { owner, limit: room, leaseMs });
          const load = options.load;
          leased = load
            ? await leaseAndLoad(lease, (tx, item) => load(tx, item, owner))
            : (await withWorkQueue(lease)).map((item) => ({ item, loaded: undefined as T }));
        } catch (error) {
          onError(error);
        }
      }
      for (const { item, loaded } of leased) {
        if ((item as LeasedItem).takenOver) metrics().leaseExpiries.inc();
        track(item, loaded);
      }
      if (polled && leased.length === 0 && inFlight.size === 0 && reserved === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        waiters.forEach((w) => w());
      }
      if (polled && leased.length === room) {
        due = true; // more may be due right away
        if (concurrency - inFlight.size - reserved > 0) continue;
      }
      await new Promise<void>((resolve) => {
        // Full: only a finished item makes room. Else sleep until the next poll is due.
        const full = concurrency - inFlight.size - reserved <= 0;
        const timer = setTimeout(done, full ? pollMs : Math.max(1, pollMs - (Date.now() - lastPoll)));
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
    reserve() {
      if (!running || concurrency - inFlight.size - reserved <= 0) return null;
      reserved++;
      let open = true;
      const close = () => {
        if (!open) return false;
        open = false;
        reserved--;
        return true;
      };
      return {
        owner,
        leaseMs,
        run: (item, loaded) => {
          if (close()) track(item, loaded);
        },
        cancel: () => {
          if (close()) wake?.();
        },
      };
    },
  };
}
