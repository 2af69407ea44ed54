import { describe, expect, test } from "vitest";
import { withTenant, withTenantPipeline, withWorkQueue } from "@/db/tenant";
import { insertExecution, insertExecutionStatement, insertedExecutionOf, type ExecutionDocument } from "@/db/queries/executions";
import { enqueueWork, finishWork, leaseWork, type WorkItem } from "@/db/queries/work";
import { workItems } from "@/db/schema";
import { startWorker } from "@/engine/worker/loop";
import { signalWork } from "@/engine/worker/wakeup";
import { newId } from "@/lib/ids";
import { metrics } from "@/lib/observability/metrics";
import { seedTenant } from "../helpers/seed";
import { executionDoc } from "../helpers/execution";

function doc(): ExecutionDocument {
  const now = new Date().toISOString();
  return executionDoc({ id: newId(), namespace: "q.test", flowId: "f", flowRevision: 1, state: { current: "CREATED", startDate: now, histories: [] }, labels: [] });
}

async function seedWork(tenantId: string, n: number) {
  const ids: string[] = [];
  await withTenant({ tenantId }, async (tx) => {
    for (let i = 0; i < n; i++) {
      const d = doc();
      await insertExecution(tx, { tenantId, doc: d });
      await enqueueWork(tx, { tenantId, executionId: d.id });
      ids.push(d.id);
    }
  });
  return ids;
}

const finish = (item: WorkItem, owner: string, nextRunAt: Date | null = null) =>
  withTenant({ tenantId: item.tenantId }, (tx) => finishWork(tx, { executionId: item.executionId, owner, requests: item.requests, nextRunAt }));

/** Polls until `done()` holds or `ms` pass. */
async function waitFor(done: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * A worker that records the executions it is given and ends their leases. It serves the
 * given tenants only: on PostgreSQL other test files share the queue, and their work is
 * theirs to run.
 */
function recordingWorker(seen: string[], tenants: string[]) {
  return startWorker({
    tenants,
    process: async (item, owner) => {
      seen.push(item.executionId);
      await finish(item, owner);
    },
    pollMs: 50,
  });
}

describe("work queue", () => {
  test("two workers share items of several tenants; each item is processed once", async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    const expected = [...(await seedWork(a, 20)), ...(await seedWork(b, 20))];
    const seen: string[] = [];
    const process = async (item: WorkItem, owner: string) => {
      seen.push(`${item.tenantId}/${item.executionId}`);
      await new Promise((r) => setTimeout(r, 5));
      await finish(item, owner);
    };
    const w1 = startWorker({ process, concurrency: 4, pollMs: 50, tenants: [a, b] });
    const w2 = startWorker({ process, concurrency: 4, pollMs: 50, tenants: [a, b] });
    signalWork();
    await waitFor(() => seen.length >= expected.length, 20_000);
    await Promise.all([w1.stop(), w2.stop()]);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen).size).toBe(expected.length);
    const left = [
      ...(await withTenant({ tenantId: a }, (tx) => tx.select().from(workItems))),
      ...(await withTenant({ tenantId: b }, (tx) => tx.select().from(workItems))),
    ];
    expect(left).toEqual([]);
  });

  test("a lease is shared fairly: a tenant with a long queue takes no more than its share", async () => {
    const flood = (await seedTenant()).id;
    const quiet = (await seedTenant()).id;
    await seedWork(flood, 120);
    // The quiet tenant's work arrives after the flood: first-come leasing would serve it last.
    await new Promise((r) => setTimeout(r, 5));
    const quietIds = await seedWork(quiet, 3);
    // Other files share the queue on PostgreSQL: lease among these two tenants only.
    const leased = await withWorkQueue((tx) => leaseWork(tx, { owner: "fair", limit: 8, leaseMs: 10_000, onlyTenants: [flood, quiet] }));
    expect(leased.filter((l) => l.tenantId === quiet).map((l) => l.executionId).sort()).toEqual([...quietIds].sort());
    // Two tenants with due work: each may take half of the 8, however long its queue.
    expect(leased.filter((l) => l.tenantId === flood)).toHaveLength(4);
    expect(leased.length).toBeLessThanOrEqual(8);
  });

  test("an item leased by a worker that died is taken again after the lease expires", async () => {
    const t = (await seedTenant()).id;
    const [id] = await seedWork(t, 1);
    // A worker leases it and dies without finishing.
    let lease: WorkItem[] = [];
    for (let i = 0; i < 20 && !lease.some((l) => l.executionId === id); i++) {
      lease = await withWorkQueue((tx) => leaseWork(tx, { owner: "dead-worker", limit: 100, leaseMs: 300, onlyTenants: [t] }));
    }
    expect(lease.map((l) => l.executionId)).toContain(id);
    const expiries = async () => (await metrics().leaseExpiries.get()).values[0]?.value ?? 0;
    const before = await expiries();
    const seen: string[] = [];
    const w = recordingWorker(seen, [t]);
    await waitFor(() => seen.includes(id), 10_000);
    await w.stop();
    expect(seen).toContain(id);
    // The take-over is counted for the operator (switchyard_lease_expiries_total).
    expect(await expiries()).toBeGreaterThan(before);
  });

  test("an item asked for again while leased is not dropped", async () => {
    const t = (await seedTenant()).id;
    const [id] = await seedWork(t, 1);
    let item: WorkItem | undefined;
    for (let i = 0; i < 20 && !item; i++) {
      const leased = await withWorkQueue((tx) => leaseWork(tx, { owner: "w", limit: 100, leaseMs: 10_000 }));
      item = leased.find((l) => l.executionId === id);
    }
    expect(item).toBeDefined();
    await withTenant({ tenantId: t }, (tx) => enqueueWork(tx, { tenantId: t, executionId: id }));
    await finish(item!, "w");
    const left = await withTenant({ tenantId: t }, (tx) => tx.select().from(workItems));
    expect(left.map((l) => [l.executionId, l.leaseOwner])).toEqual([[id, null]]);
  });

  test("a timer re-arms the item for later", async () => {
    const t = (await seedTenant()).id;
    const [id] = await seedWork(t, 1);
    let item: WorkItem | undefined;
    for (let i = 0; i < 20 && !item; i++) {
      const leased = await withWorkQueue((tx) => leaseWork(tx, { owner: "w2", limit: 100, leaseMs: 10_000 }));
      item = leased.find((l) => l.executionId === id);
    }
    const later = new Date(Date.now() + 60_000);
    await finish(item!, "w2", later);
    const [row] = await withTenant({ tenantId: t }, (tx) => tx.select().from(workItems));
    expect(row.runAt.getTime()).toBe(later.getTime());
    expect(row.leaseOwner).toBeNull();
  });
});

describe("handing new executions to this process's worker", () => {
  test("a worker reserves no more slots than it has room for, and a cancelled slot frees its room", async () => {
    const w = startWorker({ process: async () => {}, concurrency: 1, pollMs: 50 });
    const first = w.reserve();
    expect(first).not.toBeNull();
    expect(w.reserve()).toBeNull();
    first!.cancel();
    const again = w.reserve();
    expect(again).not.toBeNull();
    again!.cancel();
    await w.stop();
    expect(w.reserve()).toBeNull();
  });

  test("an execution handed to a worker that died is taken again when its lease expires", async () => {
    const t = (await seedTenant()).id;
    const d = doc();
    // Written as startExecution writes it for a local worker, which then dies before running it.
    const [rows] = await withTenantPipeline({ tenantId: t }, [insertExecutionStatement({ tenantId: t, doc: d, lease: { owner: "dead-process", leaseMs: 300 } })]);
    expect(insertedExecutionOf(rows, t, d.id)?.item.attempts).toBe(1);
    const seen: string[] = [];
    const w = recordingWorker(seen, [t]);
    await waitFor(() => seen.includes(d.id), 10_000);
    await w.stop();
    expect(seen.filter((id) => id === d.id)).toEqual([d.id]);
  });

  test("without a lease the new item is due at once for any worker", async () => {
    const t = (await seedTenant()).id;
    const d = doc();
    await withTenantPipeline({ tenantId: t }, [insertExecutionStatement({ tenantId: t, doc: d, lease: null })]);
    const [row] = await withTenant({ tenantId: t }, (tx) => tx.select().from(workItems));
    expect(row).toMatchObject({ executionId: d.id, leaseOwner: null, leaseUntil: null });
    expect(row.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
