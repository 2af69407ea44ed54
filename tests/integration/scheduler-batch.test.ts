import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { withTenant, withWorkQueue } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { leaseDueTriggers, rescheduleFlowTriggers, startBackfill, type FlowDefinition } from "@/db/queries/triggers";
import { executions, triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createScheduler } from "@/engine/scheduler";
import { seedTenant } from "../helpers/seed";

/**
 * The scheduler's batches: due triggers are leased with tenants taking turns, and each
 * tenant's chunk fires in one transaction; a trigger that cannot fire does not hold back
 * the others of its chunk. Clocks run in 2024, before any real date and the other files'.
 */
const used: string[] = [];
async function newTenant(): Promise<string> {
  const id = (await seedTenant()).id;
  used.push(id);
  return id;
}
afterEach(async () => {
  for (const tenantId of used.splice(0)) await withTenant({ tenantId }, (tx) => tx.delete(triggers).where(eq(triggers.tenantId, tenantId)));
});

/** `count` flows with a `* * * * *` Schedule due at `due`, written as the bench does (no parse per flow). */
async function seedSchedules(tenantId: string, count: number, due: string) {
  await withTenant({ tenantId }, async (tx) => {
    await tx.execute(sql`
      insert into flows (tenant_id, namespace, id, revision, source, definition, labels, description)
      select ${tenantId}, 'batch.sched', 'f' || g, 1, 'id: f' || g,
        jsonb_build_object('id', 'f' || g, 'namespace', 'batch.sched',
          'tasks', jsonb_build_array(jsonb_build_object('id', 't', 'type', 'io.kestra.plugin.core.debug.Return', 'format', 'x')),
          'triggers', jsonb_build_array(jsonb_build_object('id', 'every', 'type', 'io.kestra.plugin.core.trigger.Schedule', 'cron', '* * * * *', 'timezone', 'UTC'))),
        '[]'::jsonb, null
      from generate_series(1, ${count}) g`);
    await tx.execute(sql`
      insert into triggers (tenant_id, namespace, flow_id, trigger_id, type, flow_revision, schedule_key, next_execution_date)
      select ${tenantId}, 'batch.sched', 'f' || g, 'every', 'io.kestra.plugin.core.trigger.Schedule', 1, '["* * * * *",false,"UTC"]', ${due}::timestamptz
      from generate_series(1, ${count}) g`);
  });
}

async function executionsOf(tenantId: string) {
  return withTenant({ tenantId }, (tx) => tx.select().from(executions));
}

describe("the scheduler's batches", () => {
  test("a lease gives each due tenant its turn: 300 due in A never crowd out B's single one", async () => {
    const a = await newTenant();
    const b = await newTenant();
    await seedSchedules(a, 300, "2024-02-01T00:00:00Z");
    // B's one schedule is due later than all of A's: it still gets into the first lease.
    await seedSchedules(b, 1, "2024-02-01T00:00:30Z");
    const now = new Date("2024-02-01T00:00:31Z");
    const leased = await withWorkQueue((tx) => leaseDueTriggers(tx, { owner: "fair", now, leaseMs: 30_000, limit: 20, tenants: [a, b] }));
    // Equal shares of 20: A takes 10 (its earliest), B its one.
    expect(leased.filter((l) => l.tenantId === b)).toHaveLength(1);
    expect(leased.filter((l) => l.tenantId === a)).toHaveLength(10);
    // Leased rows are not leased twice while the lease lasts.
    const again = await withWorkQueue((tx) => leaseDueTriggers(tx, { owner: "other", now, leaseMs: 30_000, limit: 1000, tenants: [a, b] }));
    expect(again).toHaveLength(290);
    expect(again.some((l) => l.tenantId === b)).toBe(false);
  });

  test("many triggers of many tenants fire in chunks, each once, with their next dates written", async () => {
    const tenants = [await newTenant(), await newTenant(), await newTenant()];
    for (const t of tenants) await seedSchedules(t, 120, "2024-03-01T00:01:00Z");
    let now = new Date("2024-03-01T00:01:01Z");
    const clock = () => now;
    // Two schedulers, small leases and chunks: several rounds, several transactions per tenant.
    const one = createScheduler({ tenants, clock, owner: "one", batch: 50, chunk: 30 });
    const two = createScheduler({ tenants, clock, owner: "two", batch: 50, chunk: 30 });
    const [x, y] = await Promise.all([one.tick(), two.tick()]);
    expect(x + y).toBe(360);
    expect(await one.tick()).toBe(0);
    now = new Date("2024-03-01T00:02:00Z");
    expect(await two.tick()).toBe(360);
    for (const t of tenants) {
      const rows = await executionsOf(t);
      expect(rows).toHaveLength(240);
      const dates = rows.map((r) => `${r.flowId} ${String(r.document.trigger?.variables?.date)}`);
      expect(new Set(dates).size).toBe(240);
      const states = await withTenant({ tenantId: t }, (tx) => tx.select().from(triggers));
      expect(states.every((s) => s.nextExecutionDate?.toISOString() === "2024-03-01T00:03:00.000Z" && s.lockOwner === null)).toBe(true);
    }
  });

  test("a trigger that cannot fire keeps its lease; the rest of its tenant's chunk fires", async () => {
    const tenantId = await newTenant();
    await seedSchedules(tenantId, 5, "2024-04-01T00:01:00Z");
    // A backfill of a flow whose required input has no value cannot create its executions.
    const source = `id: needs\nnamespace: batch.sched\ninputs:\n  - id: region\n    type: STRING\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: x\ntriggers:\n  - id: hourly\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 * * * *"\n    timezone: UTC\n`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const now = new Date("2024-04-01T00:01:02Z");
    await withTenant({ tenantId }, async (tx) => {
      await saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" });
      await rescheduleFlowTriggers(tx, { namespace: "batch.sched", flowId: "needs", definition: parsed.flow as unknown as FlowDefinition, now });
      await startBackfill(tx, {
        key: { namespace: "batch.sched", flowId: "needs", triggerId: "hourly" },
        spec: { cron: "0 * * * *", timezone: "UTC" },
        start: new Date("2024-03-31T20:00:00Z"),
        end: new Date("2024-03-31T23:00:00Z"),
        inputs: null,
        labels: null,
        now,
      });
    });
    const scheduler = createScheduler({ tenants: [tenantId], clock: () => now, owner: "chunky" });
    expect(await scheduler.tick()).toBe(5);
    const rows = await executionsOf(tenantId);
    expect(rows.map((r) => r.flowId).sort()).toEqual(["f1", "f2", "f3", "f4", "f5"]);
    const [stuck] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "needs")));
    expect(stuck.lockOwner).toBe("chunky");
    expect(stuck.backfill?.done).toBe(0);
  });
});
