import type { Retry } from "@/engine/flow/retry";
import type { Flow } from "@/engine/flow/schema";
import { parseDuration } from "./duration";
import { lastDate } from "./state";
import type { FlowTree } from "./tree";
import type { Execution, TaskRun } from "./types";

/**
 * Kestra's retry policies. A failed runnable (or Subflow) run uses its task's retry, else the
 * nearest enclosing task's, else the flow's. Dates are derived from the attempts already
 * recorded, so the decision is the same however often it is recomputed.
 */
export function effectiveRetry(flow: Flow, tree: FlowTree, taskId: string): Retry | undefined {
  for (let node = tree.node(taskId); node; node = node.parent ? tree.node(node.parent.id) : undefined) {
    if (node.task.retry) return node.task.retry;
  }
  return flow.retry;
}

/** Uniform in [0, 1) from a seed: `random` retries must not draw randomness in a pure core. */
function unitHash(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

/** Delay before the attempt following `attemptCount` failed ones. */
function retryDelayMs(retry: Retry, attemptCount: number, seed: string): number {
  switch (retry.type) {
    case "constant":
      return parseDuration(retry.interval);
    case "exponential": {
      const factor = retry.delayFactor ?? 2;
      const delay = parseDuration(retry.interval) * Math.pow(factor, Math.max(0, attemptCount - 1));
      return Math.min(delay, parseDuration(retry.maxInterval));
    }
    case "random": {
      const min = parseDuration(retry.minInterval);
      const max = parseDuration(retry.maxInterval);
      return Math.round(min + unitHash(`${seed}:${attemptCount}`) * Math.max(0, max - min));
    }
  }
}

/**
 * When a failed run tries again in place, or null when attempts or duration are used up.
 * A retry due exactly at the end of `maxDuration` does not happen.
 */
export function nextTaskRetryDate(retry: Retry, run: TaskRun): string | null {
  const attempts = run.attempts ?? [];
  if (attempts.length === 0) return null;
  if (retry.maxAttempt !== undefined && attempts.length >= retry.maxAttempt) return null;
  const base = Date.parse(lastDate(attempts[attempts.length - 1].state));
  const next = base + retryDelayMs(retry, attempts.length, run.id);
  if (retry.maxDuration !== undefined) {
    const first = Date.parse(attempts[0].state.startDate);
    if (next >= first + parseDuration(retry.maxDuration)) return null;
  }
  return new Date(next).toISOString();
}

/** When a failed execution is retried as a new execution (CREATE_NEW_EXECUTION), or null. */
export function nextExecutionRetryDate(retry: Retry, execution: Execution, now: string): string | null {
  const attempt = execution.metadata?.attemptNumber ?? 1;
  if (retry.maxAttempt !== undefined && attempt >= retry.maxAttempt) return null;
  const next = Date.parse(now) + retryDelayMs(retry, attempt, execution.id);
  if (retry.maxDuration !== undefined) {
    const origin = Date.parse(execution.metadata?.originalCreatedDate ?? execution.state.startDate);
    if (next >= origin + parseDuration(retry.maxDuration)) return null;
  }
  return new Date(next).toISOString();
}
