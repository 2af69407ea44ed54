import { withInstance, withTenant } from "@/db/tenant";
import { listTenantSettings } from "@/db/queries/quotas";
import { signalWork } from "@/engine/worker/wakeup";
import { effectiveQuotas } from "./limits";
import { purgeExpiredExecutions } from "./retention";
import { wakeQueuedUnderQuota } from "./running";

/**
 * Wakes QUEUED executions of tenants whose running quota has room: an end normally does it
 * in its own transaction, but an end that the worker did not save (a kill of a queued
 * execution, a deletion, a quota raised in another process) would otherwise leave them
 * waiting. Returns the tenants it woke executions of.
 */
export async function sweepRunningQuotas(options: { tenants?: readonly string[] } = {}): Promise<string[]> {
  const tenants = (await withInstance((tx) => listTenantSettings(tx))).filter(
    (t) => (!options.tenants || options.tenants.includes(t.id)) && effectiveQuotas(t.settings).maxRunningExecutions !== null,
  );
  const woken: string[] = [];
  for (const { id } of tenants) {
    if (await withTenant({ tenantId: id }, (tx) => wakeQueuedUnderQuota(tx, { tenantId: id }))) woken.push(id);
  }
  if (woken.length > 0) signalWork();
  return woken;
}

const SWEEP_MS = 15_000;
const RETENTION_MS = 5 * 60_000;

type QuotaLoop = { stop: () => Promise<void> };
const globalForQuotas = globalThis as unknown as { __switchyardQuotaLoop?: QuotaLoop };

/**
 * Starts this process's quota duties once (next to its worker and scheduler): the running
 * quota's sweep every 15 s, the retention purge every 5 min. Every process may run them.
 */
export function startQuotaLoop(): QuotaLoop {
  if (globalForQuotas.__switchyardQuotaLoop) return globalForQuotas.__switchyardQuotaLoop;
  let stopped = false;
  let running: Promise<unknown> | null = null;
  let lastRetention = 0;
  let timer: NodeJS.Timeout | null = null;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = (async () => {
        await sweepRunningQuotas().catch((error) => console.error("[quotas] running sweep:", error));
        if (Date.now() - lastRetention >= RETENTION_MS) {
          lastRetention = Date.now();
          await purgeExpiredExecutions().catch((error) => console.error("[quotas] retention:", error));
        }
      })().finally(() => {
        running = null;
        schedule();
      });
    }, SWEEP_MS);
    timer.unref?.();
  };
  schedule();
  const loop: QuotaLoop = {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
  globalForQuotas.__switchyardQuotaLoop = loop;
  return loop;
}

export async function stopQuotaLoop(): Promise<void> {
  const loop = globalForQuotas.__switchyardQuotaLoop;
  globalForQuotas.__switchyardQuotaLoop = undefined;
  await loop?.stop();
}
