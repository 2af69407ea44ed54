import { EventEmitter } from "node:events";
import { sql } from "drizzle-orm";
import { withInstance } from "@/db/tenant";

/**
 * Wakes idle workers when work is enqueued. In one process an event is enough; across
 * processes on PostgreSQL, LISTEN/NOTIFY on this channel carries the same signal.
 */
export const WORK_CHANNEL = "switchyard_work";

/**
 * Ends of executions saved by `npm run worker` processes (payload `tenant:id`): a web
 * process that waits for an execution (wait=true, follow) hears it at once instead of at
 * its next read.
 */
export const EXECUTION_END_CHANNEL = "switchyard_execution_end";

const globalForWakeup = globalThis as unknown as { __switchyardWakeup?: EventEmitter };

export function wakeupBus(): EventEmitter {
  if (!globalForWakeup.__switchyardWakeup) {
    globalForWakeup.__switchyardWakeup = new EventEmitter();
    globalForWakeup.__switchyardWakeup.setMaxListeners(100);
  }
  return globalForWakeup.__switchyardWakeup;
}

/** Tells this process's workers that work is due. */
export function signalWork() {
  wakeupBus().emit("work");
}

/**
 * Tells this process's listeners (wait=true, SSE follow) that an execution was saved,
 * with the saved document when the caller has it (so a waiter need not read it again).
 */
export function signalExecution(tenantId: string, executionId: string, document?: unknown) {
  wakeupBus().emit(`execution:${tenantId}:${executionId}`, document);
}

/** Resolves at the next save of the execution in this process (with the document, if sent), or after `ms`. */
export function nextExecutionSignal<T = unknown>(tenantId: string, executionId: string, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const event = `execution:${tenantId}:${executionId}`;
    const done = (document?: T) => {
      clearTimeout(timer);
      wakeupBus().off(event, done);
      resolve(document);
    };
    const timer = setTimeout(() => done(), ms);
    wakeupBus().on(event, done);
  });
}

/** Wakes this process's workers when work queued for later (a scheduleDate) is due; workers also poll. */
export function wakeWorkAt(at: Date) {
  const timer = setTimeout(signalWork, Math.min(2 ** 31 - 1, Math.max(0, at.getTime() - Date.now()) + 5));
  timer.unref?.();
}

const globalForEnds = globalThis as unknown as { __switchyardAnnounceEnds?: boolean };

/** Makes this process announce the executions it ends on EXECUTION_END_CHANNEL (`npm run worker`: no web process shares its memory). */
export function announceEndsAcrossProcesses() {
  globalForEnds.__switchyardAnnounceEnds = true;
}

/** Announces an execution's end to the web processes, when this process does (fire and forget: waiters also read again). */
export function announceEnd(tenantId: string, executionId: string) {
  if (!globalForEnds.__switchyardAnnounceEnds) return;
  withInstance((tx) => tx.execute(sql`select pg_notify(${EXECUTION_END_CHANNEL}, ${`${tenantId}:${executionId}`})`)).catch((error) =>
    console.error("[worker] could not announce an execution's end:", error),
  );
}
