import { executionDoc } from "../helpers/execution";
import { describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { insertExecution } from "@/db/queries/executions";
import { enqueueWork, finishWork, type WorkItem } from "@/db/queries/work";
import { startWorker } from "@/engine/worker/loop";
import { newId } from "@/lib/ids";
import { seedTenant } from "../helpers/seed";

async function seedWork(tenantId: string, n: number) {
  const ids: string[] = [];
  await withTenant({ tenantId }, async (tx) => {
    for (let i = 0; i < n; i++) {
      const now = new Date().toISOString();
      const doc = executionDoc({ id: newId(), namespace: "q.test", flowId: "f", state: { current: "CREATED", startDate: now } });
      await insertExecution(tx, { tenantId, doc });
      await enqueueWork(tx, { tenantId, executionId: doc.id });
      ids.push(doc.id);
    }
  });
  return ids;
}

describe("each tenant's share of a worker", () => {
  // PGlite only: on PostgreSQL the run's database is shared by the test files, whose engines
  // would lease these items too; the share is the worker's own bookkeeping, the same on both.
  test.skipIf(process.env.SWITCHYARD_TEST_DB === "postgres")("a tenant with a flood of slow executions holds at most its slots; another tenant's item runs meanwhile", async () => {
    const flood = (await seedTenant()).id;
    const other = (await seedTenant()).id;
    await seedWork(flood, 6);
    await new Promise((r) => setTimeout(r, 20));
    const [otherId] = await seedWork(other, 1);
    const running = new Map<string, number>();
    let most = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const worker = startWorker({
      concurrency: 4,
      tenantSlots: 2,
      pollMs: 50,
      process: async (item: WorkItem, owner) => {
        seen.push(item.executionId);
        running.set(item.tenantId, (running.get(item.tenantId) ?? 0) + 1);
        most = Math.max(most, running.get(flood) ?? 0);
        // The flood's executions are slow: they wait until the test lets them go.
        if (item.tenantId === flood) await released;
        running.set(item.tenantId, running.get(item.tenantId)! - 1);
        await withTenant({ tenantId: item.tenantId }, (tx) => finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt: null }));
      },
    });
    try {
      const deadline = Date.now() + 10_000;
      while (!seen.includes(otherId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(seen).toContain(otherId);
      expect(running.get(flood)).toBe(2);
      // reserve() for a tenant at its share answers null: its new executions go through the queue.
      expect(worker.reserve(flood)).toBeNull();
      const slot = worker.reserve(other);
      expect(slot).not.toBeNull();
      slot!.cancel();
      release();
      while (seen.filter((id) => id !== otherId).length < 6 && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 50));
      expect(seen.length).toBe(7);
      expect(most).toBe(2);
    } finally {
      release();
      await worker.stop();
    }
  }, 60_000);
});
