import { EnvError, parseEnv } from "../lib/env";
import { getDb } from "../db/client";
import { startEngine, stopEngine } from "../engine/worker";
import { startSchedulerLoop, stopSchedulerLoop } from "../engine/scheduler";
import { announceEndsAcrossProcesses } from "../engine/worker/wakeup";
import { startQuotaLoop, stopQuotaLoop } from "../engine/quotas";

/**
 * `npm run worker`: one more worker process against the same PostgreSQL. Refused on the
 * embedded database, whose data directory must never be opened by two processes.
 */
async function main() {
  let config;
  try {
    config = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[worker] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  if (!config.DATABASE_URL) {
    console.error("[worker] DATABASE_URL is not set: extra workers need PostgreSQL (the embedded PGlite database serves one process only).");
    process.exit(2);
  }
  await getDb();
  // Web processes wait for executions this process runs: tell them when one ends.
  announceEndsAcrossProcesses();
  const worker = await startEngine();
  startSchedulerLoop();
  startQuotaLoop();
  console.log(`[worker] ${worker.owner} leasing work and due triggers from PostgreSQL`);
  const stop = async () => {
    await stopSchedulerLoop();
    await stopQuotaLoop();
    await stopEngine();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

void main();
