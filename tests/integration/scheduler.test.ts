import { metrics } from "@/lib/observability/metrics";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { withTenant, withWorkQueue } from "@/db/tenant";
import { deleteFlow, saveFlow } from "@/db/queries/flows";
import { leaseDueTriggers, rescheduleFlowTriggers, startBackfill, type FlowDefinition } from "@/db/queries/triggers";
import { executions, triggers, workItems } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createScheduler } from "@/engine/scheduler";
import { seedTenant } from "../helpers/seed";

/**
 * The scheduler against a controllable clock. Clocks run in 2025, before any real date, so
 * triggers of other test files (scheduled from the real time) are never due here.
 */

// Schedulers lease across tenants: each test unschedules its tenants' triggers when done, so
// the next test's scheduler (whose clock may be later) finds only its own.
const used: string[] = [];
async function newTenant(): Promise<string> {
  const id = (await seedTenant()).id;
  used.push(id);
  return id;
}
afterEach(async () => {
  for (const tenantId of used.splice(0)) await withTenant({ tenantId }, (tx) => tx.delete(triggers).where(eq(triggers.tenantId, tenantId)));
});

type Schedule = { cron: string; timezone?: string; extra?: string };

function flowSource(id: string, schedules: Schedule[], extra = ""): string {
  const triggersYaml = schedules
    .map((s, i) => `  - id: s${i}\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "${s.cron}"\n${s.timezone ? `    timezone: ${s.timezone}\n` : ""}${s.extra ?? ""}`)
    .join("");
  return `id: ${id}\nnamespace: company.team\n${extra}tasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: x\ntriggers:\n${triggersYaml}`;
}

/** Saves the flow and schedules its triggers from `now` (the test clock's start). */
async function addFlow(tenantId: string, source: string, now?: Date) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, async (tx) => {
    await saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" });
    if (now) await rescheduleFlowTriggers(tx, { namespace: parsed.flow.namespace, flowId: parsed.flow.id, definition: parsed.flow as unknown as FlowDefinition, now });
  });
  return parsed.flow;
}

type Fired = { id: string; flowId: string; triggerId: string; triggerDate: string; queued: boolean };

async function fired(tenantId: string, flowId?: string): Promise<Fired[]> {
  return withTenant({ tenantId }, async (tx) => {
    const rows = await tx.select().from(executions).where(flowId ? eq(executions.flowId, flowId) : undefined);
    const queued = new Set((await tx.select().from(workItems)).map((w) => w.executionId));
    return rows
      .map((r) => {
        const doc = r.document as { trigger?: { id: string; variables?: { date?: string } } };
        return { id: r.id, flowId: r.flowId, triggerId: String(doc.trigger?.id), triggerDate: String(doc.trigger?.variables?.date), queued: queued.has(r.id) };
      })
      .sort((a, b) => (a.triggerDate < b.triggerDate ? -1 : 1));
  });
}

function fakeClock(start: string) {
  let now = new Date(start);
  return { now: () => now, set: (iso: string) => (now = new Date(iso)), add: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe("Schedule triggers fire on time, once", () => {
  test("*/1 * * * * fires exactly once per minute for 60 simulated minutes with two schedulers", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-01-10T10:00:00Z");
    await addFlow(tenantId, flowSource("minutely", [{ cron: "*/1 * * * *", timezone: "UTC" }]), clock.now());
    const a = createScheduler({ tenants: used, clock: clock.now, owner: "a" });
    const b = createScheduler({ tenants: used, clock: clock.now, owner: "b" });
    const lag = async () => (await metrics().schedulerLag.get()).values.find((v) => v.metricName === "switchyard_scheduler_lag_seconds_count")?.value ?? 0;
    const lagCountBefore = await lag();
    let created = 0;
    for (let minute = 1; minute <= 60; minute++) {
      clock.set(new Date(Date.parse("2025-01-10T10:00:00Z") + minute * 60_000 + 250).toISOString());
      // Both race for the same due trigger.
      const counts = await Promise.all([a.tick(), b.tick()]);
      created += counts.reduce((x, y) => x + y, 0);
    }
    const runs = await fired(tenantId);
    expect(created).toBe(60);
    expect(runs).toHaveLength(60);
    expect(new Set(runs.map((r) => r.triggerDate)).size).toBe(60);
    expect(runs[0].triggerDate).toBe("2025-01-10T10:01:00Z");
    expect(runs[59].triggerDate).toBe("2025-01-10T11:00:00Z");
    expect(runs.every((r) => r.queued)).toBe(true);
    // Each fire is measured for the operator (switchyard_scheduler_lag_seconds).
    expect((await lag()) - lagCountBefore).toBeGreaterThanOrEqual(60);
  }, 150_000);

  test("Europe/Paris across both DST changes: 02:30 fires once each day, hourly once per real hour", async () => {
    const tenantId = await newTenant();
    for (const [start, days] of [["2025-03-29T00:00:00Z", ["2025-03-29T02:30:00+01:00", "2025-03-30T03:00:00+02:00", "2025-03-31T02:30:00+02:00"]], ["2025-10-25T00:00:00Z", ["2025-10-25T02:30:00+02:00", "2025-10-26T02:30:00+02:00", "2025-10-27T02:30:00+01:00"]]] as const) {
      const clock = fakeClock(start);
      const id = `paris-${start.slice(5, 7)}`;
      await addFlow(tenantId, flowSource(id, [{ cron: "30 2 * * *", timezone: "Europe/Paris" }, { cron: "@hourly", timezone: "Europe/Paris" }]), clock.now());
      // A pass every simulated hour for three days (a grace of two hours: no date counts as missed).
      const scheduler = createScheduler({ tenants: used, clock: clock.now, owner: `s-${id}`, graceMs: 2 * 3600_000 });
      for (let step = 0; step < 3 * 24; step++) {
        clock.add(3600_000);
        await scheduler.tick();
      }
      const runs = await fired(tenantId, id);
      const daily = runs.filter((r) => r.triggerId === "s0");
      expect(daily.map((r) => r.triggerDate)).toEqual(days);
      // 72 real hours whatever the clocks on the wall did.
      expect(runs.length - daily.length).toBe(72);
      await withTenant({ tenantId }, (tx) => deleteFlow(tx, { tenantId, namespace: "company.team", id, authorId: null }));
    }
  });

  test("a 10-minute outage gives what recoverMissedSchedules says: ALL 10, LAST 1, NONE 0", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-02-01T11:59:30Z");
    for (const mode of ["ALL", "LAST", "NONE"]) {
      await addFlow(tenantId, flowSource(`recover-${mode.toLowerCase()}`, [{ cron: "*/1 * * * *", timezone: "UTC", extra: `    recoverMissedSchedules: ${mode}\n` }]), clock.now());
    }
    const before = createScheduler({ tenants: used, clock: clock.now, owner: "before" });
    clock.set("2025-02-01T12:00:05Z");
    expect(await before.tick()).toBe(3); // 12:00 for each
    // Every process is down from 12:00:30 to 12:10:40: 12:01 ... 12:10 are missed.
    clock.set("2025-02-01T12:10:40Z");
    const after = createScheduler({ tenants: used, clock: clock.now, owner: "after" });
    await after.tick();
    const count = async (mode: string) => (await fired(tenantId, `recover-${mode}`)).map((r) => r.triggerDate.slice(11, 16));
    expect(await count("all")).toEqual(["12:00", "12:01", "12:02", "12:03", "12:04", "12:05", "12:06", "12:07", "12:08", "12:09", "12:10"]);
    expect(await count("last")).toEqual(["12:00", "12:10"]);
    expect(await count("none")).toEqual(["12:00"]);
    // Then each goes on with 12:11, once.
    clock.set("2025-02-01T12:11:01Z");
    await after.tick();
    await after.tick();
    for (const mode of ["all", "last", "none"]) expect((await count(mode)).at(-1)).toBe("12:11");
    expect((await count("none")).length).toBe(2);
  });

  test("a trigger leased by a process that died is fired by another once the lease expires, once", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-03-01T08:00:00Z");
    await addFlow(tenantId, flowSource("orphan", [{ cron: "*/5 * * * *", timezone: "UTC" }]), clock.now());
    clock.set("2025-03-01T08:05:01Z");
    // The dead process leased the trigger and never came back.
    const leased = await withWorkQueue((tx) => leaseDueTriggers(tx, { owner: "dead", now: clock.now(), leaseMs: 30_000, limit: 1000 }));
    expect(leased.filter((l) => l.tenantId === tenantId)).toHaveLength(1);
    const live = createScheduler({ tenants: used, clock: clock.now, owner: "live", leaseMs: 30_000 });
    expect(await live.tick()).toBe(0);
    clock.set("2025-03-01T08:05:20Z");
    expect(await live.tick()).toBe(0);
    clock.set("2025-03-01T08:05:32Z");
    expect(await live.tick()).toBe(1);
    expect(await live.tick()).toBe(0);
    expect((await fired(tenantId)).map((r) => r.triggerDate)).toEqual(["2025-03-01T08:05:00Z"]);
  });

  test("trigger variables, the trigger block and labels of a scheduled execution", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-04-01T06:00:00Z");
    await addFlow(
      tenantId,
      flowSource("vars", [{ cron: "0 9 * * *", timezone: "America/New_York", extra: "    inputs:\n      who: scheduler\n" }], "labels:\n  team: data\ninputs:\n  - id: who\n    type: STRING\n"),
      clock.now(),
    );
    clock.set("2025-04-01T13:00:02Z");
    await createScheduler({ tenants: used, clock: clock.now, owner: "vars" }).tick();
    const [run] = await withTenant({ tenantId }, (tx) => tx.select().from(executions));
    const doc = run.document as { trigger: unknown; inputs: unknown; labels: { key: string; value: string }[] };
    expect(doc.trigger).toEqual({
      id: "s0",
      type: "io.kestra.plugin.core.trigger.Schedule",
      variables: { date: "2025-04-01T09:00:00-04:00", next: "2025-04-02T09:00:00-04:00", previous: "2025-03-31T09:00:00-04:00" },
    });
    expect(doc.inputs).toEqual({ who: "scheduler" });
    expect(doc.labels).toEqual([
      { key: "team", value: "data" },
      { key: "system.correlationId", value: run.id },
    ]);
  });
});

describe("backfills", () => {
  test("a backfill of 1,000 past dates ends with exactly 1,000 executions, also across a crash halfway", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-07-01T00:00:00Z");
    await addFlow(tenantId, flowSource("backfilled", [{ cron: "0 * * * *", timezone: "UTC" }], "inputs:\n  - id: region\n    type: STRING\n    defaults: eu\n"), clock.now());
    const key = { namespace: "company.team", flowId: "backfilled", triggerId: "s0" };
    // 1,000 hourly dates: 2025-05-01T00:00 ... 2025-06-11T15:00.
    await withTenant({ tenantId }, (tx) =>
      startBackfill(tx, {
        key,
        spec: { cron: "0 * * * *", timezone: "UTC" },
        start: new Date("2025-05-01T00:00:00Z"),
        end: new Date("2025-06-11T15:00:00Z"),
        inputs: { region: "us" },
        labels: [{ key: "backfill", value: "may" }],
        now: clock.now(),
      }),
    );
    const progress = async () => (await withTenant({ tenantId }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "backfilled"))))[0];
    expect((await progress()).backfill).toMatchObject({ done: 0, total: 1000 });
    // The first process works half of it off, then dies holding a lease it never used.
    const first = createScheduler({ tenants: used, clock: clock.now, owner: "first", firesPerPass: 100, leaseMs: 30_000 });
    for (let pass = 0; pass < 5; pass++) {
      clock.add(1000);
      await first.tick();
    }
    expect((await progress()).backfill).toMatchObject({ done: 500, total: 1000 });
    clock.add(1000);
    await withWorkQueue((tx) => leaseDueTriggers(tx, { owner: "first", now: clock.now(), leaseMs: 30_000, limit: 1000 }));
    // A new process takes over once the lease expires and finishes.
    const second = createScheduler({ tenants: used, clock: clock.now, owner: "second", firesPerPass: 100, leaseMs: 30_000 });
    clock.add(31_000);
    for (let pass = 0; pass < 8; pass++) {
      clock.add(1000);
      await second.tick();
    }
    const runs = await fired(tenantId, "backfilled");
    expect(runs).toHaveLength(1000);
    expect(new Set(runs.map((r) => r.triggerDate)).size).toBe(1000);
    expect(runs[0].triggerDate).toBe("2025-05-01T00:00:00Z");
    expect(runs[999].triggerDate).toBe("2025-06-11T15:00:00Z");
    const done = await progress();
    expect(done.backfill).toBeNull();
    // Back on the regular schedule, from now.
    expect(done.nextExecutionDate!.getTime()).toBeGreaterThan(clock.now().getTime());
    const [sample] = await withTenant({ tenantId }, (tx) => tx.select().from(executions).where(eq(executions.id, runs[10].id)));
    const doc = sample.document as { inputs: unknown; labels: { key: string; value: string }[] };
    expect(doc.inputs).toEqual({ region: "us" });
    expect(doc.labels).toContainEqual({ key: "backfill", value: "may" });
  }, 240_000);
});

describe("saving, disabling and deleting flows", () => {
  test("a new revision with another cron is scheduled from now: the past never fires", async () => {
    const tenantId = await newTenant();
    await addFlow(tenantId, flowSource("rev", [{ cron: "0 0 1 1 *", timezone: "UTC" }]), new Date("2025-01-01T00:00:00Z"));
    // Its next date (2026-01-01) is long past; the new revision changes the cron.
    const now = Date.now();
    await addFlow(tenantId, flowSource("rev", [{ cron: "*/5 * * * *", timezone: "UTC" }]));
    const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers));
    expect(row.flowRevision).toBe(2);
    expect(row.nextExecutionDate!.getTime()).toBeGreaterThan(now);
    expect(row.nextExecutionDate!.getTime()).toBeLessThanOrEqual(now + 5 * 60_000);
    expect(await createScheduler({ tenants: used, owner: "rev" }).tick()).toBeGreaterThanOrEqual(0);
    expect(await fired(tenantId)).toEqual([]);
  });

  test("a revision that keeps the cron keeps the due date; disabling the flow or deleting it stops it", async () => {
    const tenantId = await newTenant();
    const clock = fakeClock("2025-05-01T10:00:00Z");
    await addFlow(tenantId, flowSource("stops", [{ cron: "*/1 * * * *", timezone: "UTC" }]), clock.now());
    // A description change only: the next date (10:01) stays.
    await addFlow(tenantId, flowSource("stops", [{ cron: "*/1 * * * *", timezone: "UTC" }], "description: still minutely\n"));
    const scheduler = createScheduler({ tenants: used, clock: clock.now, owner: "stops" });
    clock.set("2025-05-01T10:01:01Z");
    expect(await scheduler.tick()).toBe(1);
    await addFlow(tenantId, flowSource("stops", [{ cron: "*/1 * * * *", timezone: "UTC" }], "disabled: true\n"));
    const [disabled] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "stops")));
    expect(disabled.nextExecutionDate).toBeNull();
    clock.set("2025-05-01T10:05:01Z");
    expect(await scheduler.tick()).toBe(0);
    await withTenant({ tenantId }, (tx) => deleteFlow(tx, { tenantId, namespace: "company.team", id: "stops", authorId: null }));
    expect(await withTenant({ tenantId }, (tx) => tx.select().from(triggers).where(and(eq(triggers.flowId, "stops"))))).toEqual([]);
    expect(await fired(tenantId)).toHaveLength(1);
  });
});

describe("isolation", () => {
  test("the same flow and schedule in tenants A and B fires once in each, in its own tenant", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const clock = fakeClock("2025-06-01T00:00:00Z");
    for (const tenantId of [a, b]) await addFlow(tenantId, flowSource("same", [{ cron: "0 * * * *", timezone: "UTC" }]), clock.now());
    clock.set("2025-06-01T01:00:00.500Z");
    const schedulers = [createScheduler({ tenants: used, clock: clock.now, owner: "x" }), createScheduler({ tenants: used, clock: clock.now, owner: "y" })];
    await Promise.all(schedulers.map((s) => s.tick()));
    const runsA = await fired(a);
    const runsB = await fired(b);
    expect(runsA.map((r) => r.triggerDate)).toEqual(["2025-06-01T01:00:00Z"]);
    expect(runsB.map((r) => r.triggerDate)).toEqual(["2025-06-01T01:00:00Z"]);
    expect(runsA[0].id).not.toBe(runsB[0].id);
    // Each tenant sees its own trigger row only.
    const rowsA = await withTenant({ tenantId: a }, (tx) => tx.select().from(triggers));
    expect(rowsA.map((r) => r.tenantId)).toEqual([a]);
    expect(rowsA[0].executionId).toBe(runsA[0].id);
  });

  test("with no tenant set, the trigger table reads as empty; the lease role sees no definitions", async () => {
    const tenantId = await newTenant();
    await addFlow(tenantId, flowSource("hidden", [{ cron: "@daily", timezone: "UTC" }]));
    const fromOutside = await withWorkQueue((tx) => tx.select({ tenantId: triggers.tenantId, next: triggers.nextExecutionDate }).from(triggers).where(eq(triggers.tenantId, tenantId)));
    expect(fromOutside).toHaveLength(1);
    await expect(withWorkQueue((tx) => tx.select({ backfill: triggers.backfill }).from(triggers))).rejects.toThrow();
  });
});
