import { withInstance, withTenant } from "@/db/tenant";
import { deleteExecutionsByIds, listTenantSettings, lockEndedExecutions } from "@/db/queries/quotas";
import { executionPrefix, getStorage } from "@/engine/storage/storage";
import type { CountedStorage } from "@/engine/storage/quota";
import { effectiveQuotas } from "./limits";

const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionOptions = {
  /** The job's time (tests pass a fixed one). */
  now?: Date;
  /** Executions deleted per transaction: small, so no transaction holds the engine's rows for long. */
  batchSize?: number;
  /** Batches per tenant in one run; the rest waits for the next run, so no tenant's backlog delays the others'. */
  maxBatchesPerTenant?: number;
  /** Only these tenants (tests that share a database). */
  tenants?: readonly string[];
  /** The storage to purge files from (the process's by default; tests pass a failing one). */
  storage?: CountedStorage;
};

/**
 * Purges, for every tenant with a `retentionDays` quota, its executions ended more than that
 * many days ago, with their logs, metrics, work items and storage files. Tenants take turns
 * one batch at a time, and the event loop gets a turn between batches. Safe with any number
 * of processes (SKIP LOCKED): each row is deleted once. A batch's files go first, inside the
 * transaction that holds its rows locked, and the rows after them: a crash or a failure
 * part-way rolls the rows back, and the next run deletes whatever files remain, then the
 * rows. So no file is ever left without its execution (an orphan no purge would find). With
 * the PostgreSQL backend the files' rows and the counter change commit with the executions';
 * on disk or S3 a crash in between can only leave the counter above the truth, which
 * `npm run storage:recount` corrects. Returns the number of executions purged per tenant.
 */
export async function purgeExpiredExecutions(options: RetentionOptions = {}): Promise<Record<string, number>> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatchesPerTenant ?? 20;
  const storage = options.storage ?? getStorage();
  const tenants = (await withInstance((tx) => listTenantSettings(tx)))
    .filter((t) => !options.tenants || options.tenants.includes(t.id))
    .map((t) => ({ id: t.id, days: effectiveQuotas(t.settings).retentionDays }))
    .filter((t): t is { id: string; days: number } => t.days !== null);
  const purged: Record<string, number> = {};
  let pending = tenants.map((t) => ({ ...t, batches: 0 }));
  while (pending.length > 0) {
    const next: typeof pending = [];
    for (const tenant of pending) {
      const before = new Date(now.getTime() - tenant.days * DAY_MS);
      const { locked, deleted } = await withTenant({ tenantId: tenant.id }, async (tx) => {
        const rows = await lockEndedExecutions(tx, { tenantId: tenant.id, before, limit: batchSize });
        await storage.deletePrefixesInTransaction(tx, tenant.id, rows.map(executionPrefix));
        return { locked: rows.length, deleted: await deleteExecutionsByIds(tx, { tenantId: tenant.id, ids: rows.map((r) => r.id) }) };
      });
      purged[tenant.id] = (purged[tenant.id] ?? 0) + deleted;
      tenant.batches += 1;
      if (locked === batchSize && tenant.batches < maxBatches) next.push(tenant);
      await new Promise((resolve) => setImmediate(resolve));
    }
    pending = next;
  }
  return purged;
}
