import { EventEmitter } from "node:events";

/**
 * Wakes idle workers when work is enqueued. In one process an event is enough; across
 * processes on PostgreSQL, LISTEN/NOTIFY on this channel carries the same signal.
 */
export const WORK_CHANNEL = "switchyard_work";

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

/** Tells this process's listeners (wait=true, SSE follow) that an execution was saved. */
export function signalExecution(tenantId: string, executionId: string) {
  wakeupBus().emit(`execution:${tenantId}:${executionId}`);
}

/** Resolves at the next save of the execution in this process, or after `ms`. */
export function nextExecutionSignal(tenantId: string, executionId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const event = `execution:${tenantId}:${executionId}`;
    const done = () => {
      clearTimeout(timer);
      wakeupBus().off(event, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    wakeupBus().on(event, done);
  });
}
