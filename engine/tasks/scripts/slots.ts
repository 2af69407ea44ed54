/**
 * Script slots of this worker process: at most `perTenant` scripts of one tenant and
 * `total` scripts overall run at once, so one tenant's long scripts cannot take every
 * slot. Waiters are served in arrival order, skipping those whose tenant is full (a
 * full tenant never blocks another tenant's waiter). Each slot has a number, from which
 * the sandbox derives the script's uid (own process count per slot).
 */
export type SlotLimits = { perTenant: number; total: number };

type Waiter = { tenantId: string; grant: (slot: number) => void };

export type Slot = { number: number; release: () => void };

export class ScriptSlots {
  private readonly free: number[];
  private readonly running = new Map<string, number>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: SlotLimits) {
    this.free = Array.from({ length: limits.total }, (_, i) => i);
  }

  /** Running scripts per tenant, for tests and the bench. */
  runningOf(tenantId: string): number {
    return this.running.get(tenantId) ?? 0;
  }

  get inUse(): number {
    return this.limits.total - this.free.length;
  }

  /** Resolves with a slot once the tenant and the process both have room; rejects when `signal` aborts first. */
  acquire(tenantId: string, signal?: AbortSignal): Promise<Slot> {
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        tenantId,
        grant: (number) => {
          signal?.removeEventListener("abort", onAbort);
          let released = false;
          resolve({
            number,
            release: () => {
              if (released) return;
              released = true;
              this.free.push(number);
              this.running.set(tenantId, this.runningOf(tenantId) - 1);
              this.pump();
            },
          });
        },
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason ?? new Error("aborted"));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump() {
    for (let i = 0; i < this.waiting.length && this.free.length > 0; ) {
      const waiter = this.waiting[i];
      if (this.runningOf(waiter.tenantId) >= this.limits.perTenant) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.set(waiter.tenantId, this.runningOf(waiter.tenantId) + 1);
      waiter.grant(this.free.shift()!);
    }
  }
}
