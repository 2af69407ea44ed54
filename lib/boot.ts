import { getDb } from "@/db/client";
import { asSuperadmin, withInstance } from "@/db/tenant";
import { createTenant, findTenants, getTenant } from "@/db/queries/tenants";
import { ensureSuperadminFromEnv } from "@/lib/auth/bootstrap";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { DEFAULT_TENANT, env } from "@/lib/env";
import { startEngine } from "@/engine/worker";
import { startSchedulerLoop } from "@/engine/scheduler";
import { EXECUTION_END_CHANNEL, signalExecution } from "@/engine/worker/wakeup";
import { startQuotaLoop } from "@/engine/quotas";

/**
 * Brings the instance up: environment, database and migrations, the default tenant on a
 * fresh instance (or always, with MULTI_TENANCY=false), the superadmin from env.
 */
async function bootInstance() {
  const config = env();
  resolveAuthSecret();
  const handle = await getDb();
  const { kind } = handle;
  if (handle.listen) {
    await handle.listen(EXECUTION_END_CHANNEL, (payload) => {
      const at = payload.indexOf(":");
      if (at > 0) signalExecution(payload.slice(0, at), payload.slice(at + 1));
    });
  }
  const { total } = await withInstance((tx) => findTenants(tx, { page: 1, size: 1 }));
  const needsMain = total === 0 || !config.MULTI_TENANCY;
  if (needsMain && !(await withInstance((tx) => getTenant(tx, { id: DEFAULT_TENANT, includeDeleted: true })))) {
    await asSuperadmin(
      { actorId: null, action: "CREATE", targetType: "TENANT", targetId: DEFAULT_TENANT, detail: "default tenant", tenantId: DEFAULT_TENANT },
      (tx) => createTenant(tx, { id: DEFAULT_TENANT, name: "Main", color: "#0f766e" }),
    );
  }
  const admin = await ensureSuperadminFromEnv();
  console.log(`[switchyard] database: ${kind === "pglite" ? `embedded PGlite in ${config.DATA_DIR}` : "PostgreSQL"}; migrations applied`);
  if (admin.created) console.log(`[switchyard] superadmin created: ${admin.email}`);
  if (config.WORKER) {
    const worker = await startEngine();
    console.log(`[switchyard] worker ${worker.owner} started in the web process`);
    startSchedulerLoop();
    startQuotaLoop();
  }
}

/** bootInstance, or the error on stderr and exit code 1. */
export async function bootOrExit() {
  try {
    await bootInstance();
  } catch (error) {
    console.error("\n[switchyard] start-up failed:\n", error instanceof Error ? error.message : error);
    const cause = (error as { cause?: unknown })?.cause;
    if (cause) console.error("[switchyard] cause:", cause instanceof Error ? cause.message : cause);
    process.exit(1);
  }
}
