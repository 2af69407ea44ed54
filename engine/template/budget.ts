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
