import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { startWorker, type RunningWorker } from "./loop";
import { loadExecution, processExecution, type Loaded } from "./process";
import { signalWork, WORK_CHANNEL } from "./wakeup";
import { closeEnginePool, engineSettings } from "./pool";

type EngineWorker = RunningWorker<Loaded | null>;

const globalForEngine = globalThis as unknown as { __switchyardEngine?: Promise<EngineWorker>; __switchyardWorker?: EngineWorker };

/**
 * Starts this process's worker once (the web process runs one by default; `npm run worker`
 * starts more against the same PostgreSQL). On PostgreSQL, LISTEN wakes it when another
 * process enqueues work; PGlite has one process, so the in-process signal is enough.
 */
export function startEngine(options: { concurrency?: number; leaseMs?: number } = {}): Promise<EngineWorker> {
  globalForEngine.__switchyardEngine ??= (async () => {
    const handle = await getDb();
    if (handle.listen) await handle.listen(WORK_CHANNEL, () => signalWork());
    const settings = env();
    const leaseMs = options.leaseMs ?? settings.SWITCHYARD_LEASE_MS;
    const concurrency = options.concurrency ?? settings.WORKER_CONCURRENCY ?? (handle.kind === "pglite" ? 4 : 32);
    const tenantSlots = engineSettings().tenantSlots;
    const worker = startWorker({ load: loadExecution, process: processExecution, concurrency, tenantSlots, leaseMs, pollMs: 1000 });
    globalForEngine.__switchyardWorker = worker;
    return worker;
  })();
  return globalForEngine.__switchyardEngine;
}

export async function stopEngine() {
  const engine = globalForEngine.__switchyardEngine;
  globalForEngine.__switchyardEngine = undefined;
  globalForEngine.__switchyardWorker = undefined;
  if (engine) await (await engine).stop();
  await closeEnginePool();
}

/** This process's running worker, if it has one (new executions go straight to it). */
export function localWorker(): EngineWorker | null {
  return globalForEngine.__switchyardWorker ?? null;
}
