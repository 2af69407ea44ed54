/**
 * The step budget of the render in progress, reachable from low-level value helpers.
 *
 * A loop of a thousand iterations is cheap, and so is comparing two big lists once; the product
 * is not. Helpers that walk data (`listItems`, `ownKeys`, JSON writing) charge the current
 * render through this store, so work proportional to data size counts against `maxSteps`
 * without passing the interpreter into every helper. AsyncLocalStorage keeps concurrent
 * renders (and their awaits on injected I/O) apart.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { EvalError } from "./errors";

export type Budget = { charge(steps: number): void };

const current = new AsyncLocalStorage<Budget>();

/** Items walked per step charged: cheap per-item work is counted in batches. */
const ITEMS_PER_STEP = 32;

export function runWithBudget<T>(budget: Budget, work: () => Promise<T>): Promise<T> {
  return current.run(budget, work);
}

/** Charge the current render for walking `items` values (no-op outside a render). */
export function chargeItems(items: number): void {
  if (items < ITEMS_PER_STEP) return;
  current.getStore()?.charge(Math.floor(items / ITEMS_PER_STEP));
}

/** Charge the current render for producing `length` characters. */
export function chargeChars(length: number): void {
  chargeItems(Math.floor(length / 8));
}

/** Gaps longer than this between two ticks are time spent waiting (I/O, other work), not computing. */
const IDLE_GAP_MS = 10;
let lastTick = 0;

/**
 * A CPU time budget for one task run (or one advance of an execution): every step of a
 * render ticks the meter of the work it belongs to, and the time since the previous tick
 * (of any meter on this thread) is charged to it. Renders interleaved on one thread are
 * each charged their own slices; gaps longer than IDLE_GAP_MS are waits and free.
 * Past the budget, the render fails with a message naming it.
 */
let heartbeat: { beat: () => void; everyMs: number; last: number } | undefined;

/**
 * Set by an engine thread: work the meter sees is alive, not stalled, so its ticks also beat
 * the heartbeat the stall watchdog reads (at most every `everyMs`). The watchdog is then left
 * for what no meter reaches (a backtracking regular expression, a huge parse).
 */
export function beatOnTicks(beat: () => void, everyMs: number): void {
  heartbeat = { beat, everyMs, last: 0 };
}

/** A sign of life from work in progress (a render step, a log line): beats the heartbeat when one is due. */
export function alive(): void {
  if (!heartbeat) return;
  const now = performance.now();
  if (now - heartbeat.last < heartbeat.everyMs) return;
  heartbeat.last = now;
  heartbeat.beat();
}

export class CpuMeter {
  usedMs = 0;
  constructor(readonly budgetMs: number) {}

  tick(): void {
    const now = performance.now();
    const gap = now - lastTick;
    lastTick = now;
    if (gap < IDLE_GAP_MS) this.usedMs += gap;
    if (heartbeat && now - heartbeat.last >= heartbeat.everyMs) alive();
    if (this.usedMs > this.budgetMs) {
      throw new EvalError("LIMIT", `Task run exceeded its CPU time budget of ${this.budgetMs} ms (TASK_CPU_BUDGET_MS)`);
    }
  }
}

const meters = new AsyncLocalStorage<CpuMeter>();

/** Runs `work` with `meter` charged by every render started inside it. */
export function withCpuMeter<T>(meter: CpuMeter, work: () => Promise<T>): Promise<T> {
  return meters.run(meter, work);
}

/** The meter of the work in progress, if any (read once per render). */
export function currentCpuMeter(): CpuMeter | undefined {
  return meters.getStore();
}
