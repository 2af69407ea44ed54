import { hostname } from "node:os";
import { leaseAndLoad, withWorkQueue } from "@/db/tenant";
import type { Tx } from "@/db/client";
import { extendLeases, leaseWork, unleaseWork, type LeasedItem, type WorkItem } from "@/db/queries/work";
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
  /**
   * Items of one tenant this worker holds at once (default: three quarters of `concurrency`,
   * at least one slot less): a tenant with a flood of slow executions leaves the other slots
   * to the other tenants, and a lone tenant still has most of the worker.
   */
  tenantSlots?: number;
  /** A worker dedicated to these tenants: it leases (and takes handed-over work of) theirs only. */
  tenants?: readonly string[];
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
  /** A slot for a new item of `tenantId`, or null when the worker (or that tenant's share) is full or stopping. Synchronous. */
  reserve: (tenantId?: string) => Slot<T> | null;
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
  const tenantSlots = Math.max(1, options.tenantSlots ?? concurrency - Math.max(1, Math.floor(concurrency / 4)));
  /** Items held (running or reserved) per tenant. */
  const held = new Map<string, number>();
  const hold = (tenantId: string, delta: number) => {
    const n = (held.get(tenantId) ?? 0) + delta;
    if (n > 0) held.set(tenantId, n);
    else held.delete(tenantId);
  };
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

  /** Keeps each tenant within its share of a fresh lease; the rest goes back to the queue. */
  function share<I extends WorkItem>(items: I[]): { kept: I[]; over: I[] } {
    const counts = new Map(held);
    const kept: I[] = [];
    const over: I[] = [];
    for (const item of items) {
      const n = counts.get(item.tenantId) ?? 0;
      if (n < tenantSlots) {
        counts.set(item.tenantId, n + 1);
        kept.push(item);
      } else over.push(item);
    }
    return { kept, over };
  }

  function track(item: WorkItem, loaded: T) {
    hold(item.tenantId, 1);
    const task = options.process(item, owner, loaded).catch((error) => onError(error, item));
    const tracked = task.finally(() => {
      inFlight.delete(tracked);
      // A tenant at its share may have items that were skipped: look again.
      if ((held.get(item.tenantId) ?? 0) >= tenantSlots) due = true;
      hold(item.tenantId, -1);
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
      let shared = false;
      if (polled) {
        due = false;
        lastPoll = Date.now();
        try {
          const skipTenants = [...held].filter(([, n]) => n >= tenantSlots).map(([t]) => t);
          const lease = async (tx: Tx) => {
            const { kept, over } = share(await leaseWork(tx, { owner, limit: room, leaseMs, skipTenants, onlyTenants: options.tenants }));
            if (over.length > 0) {
              await unleaseWork(tx, { owner, items: over });
              shared = true;
            }
            return kept;
          };
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
      if (polled && (leased.length === room || shared)) {
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
    reserve(tenantId) {
      if (!running || concurrency - inFlight.size - reserved <= 0) return null;
      if (tenantId !== undefined && (held.get(tenantId) ?? 0) >= tenantSlots) return null;
      if (options.tenants && (tenantId === undefined || !options.tenants.includes(tenantId))) return null;
      reserved++;
      if (tenantId !== undefined) hold(tenantId, 1);
      let open = true;
      const close = () => {
        if (!open) return false;
        open = false;
        reserved--;
        if (tenantId !== undefined) hold(tenantId, -1);
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
