import { eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { rescheduleFlowTriggers, type FlowDefinition } from "@/db/queries/triggers";
import { executions, triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createScheduler } from "@/engine/scheduler";
import { startEngine, stopEngine } from "@/engine/worker";
import { waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/** Schedule `conditions` (a date whose conditions fail is skipped) and `stopAfter` (the trigger disables itself). */

const used: string[] = [];
afterAll(async () => {
  await stopEngine();
  for (const tenantId of used) await withTenant({ tenantId }, (tx) => tx.delete(triggers).where(eq(triggers.tenantId, tenantId)));
});

async function setup(source: string, start: string) {
  const tenantId = (await seedTenant()).id;
  used.push(tenantId);
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, async (tx) => {
    await saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" });
    await rescheduleFlowTriggers(tx, { namespace: parsed.flow.namespace, flowId: parsed.flow.id, definition: parsed.flow as unknown as FlowDefinition, now: new Date(start) });
  });
  let now = new Date(start);
  const scheduler = createScheduler({ tenants: [tenantId], clock: () => now, owner: `c-${tenantId}`, graceMs: 3600_000 });
  return { tenantId, scheduler, set: (iso: string) => (now = new Date(iso)) };
}

const dates = (tenantId: string) =>
  withTenant({ tenantId }, async (tx) =>
    (await tx.select().from(executions)).map((r) => String(r.document.trigger?.variables?.date)).sort(),
  );

const flow = (triggerExtra: string, task = "  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n") =>
  `id: conditional\nnamespace: cond.team\ntasks:\n${task}triggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 9 * * *"\n    timezone: Europe/Paris\n${triggerExtra}`;

describe("Schedule conditions", () => {
  test("DayWeek: two weeks of a daily schedule fire on the two Mondays only (in the schedule's zone)", async () => {
    const { tenantId, scheduler, set } = await setup(
      flow("    conditions:\n      - type: io.kestra.plugin.core.condition.DayWeek\n        dayOfWeek: MONDAY\n"),
      "2025-06-01T00:00:00Z",
    );
    for (let day = 1; day <= 14; day++) {
      set(`2025-06-${String(day).padStart(2, "0")}T07:00:05Z`);
      await scheduler.tick();
    }
    expect(await dates(tenantId)).toEqual(["2025-06-02T09:00:00+02:00", "2025-06-09T09:00:00+02:00"]);
    // Skipped dates still move the schedule on: nothing is due any more.
    const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers));
    expect(row.nextExecutionDate?.toISOString()).toBe("2025-06-15T07:00:00.000Z");
  });

  test("Not(Weekend), Or and DayWeekInMonth combine; DateTimeBetween bounds the schedule", async () => {
    const { tenantId, scheduler, set } = await setup(
      flow(`    conditions:
      - type: io.kestra.plugin.core.condition.Not
        conditions:
          - type: io.kestra.plugin.core.condition.Weekend
      - type: io.kestra.plugin.core.condition.Or
        conditions:
          - type: io.kestra.plugin.core.condition.DayWeekInMonth
            dayOfWeek: FRIDAY
            dayInMonth: FIRST
          - type: io.kestra.plugin.core.condition.DayWeekInMonth
            dayOfWeek: TUESDAY
            dayInMonth: LAST
      - type: io.kestra.plugin.core.condition.DateTimeBetween
        before: "2025-08-01T00:00:00Z"
`),
      "2025-06-30T00:00:00Z",
    );
    // June 30th to August 10th, a pass a day.
    for (let t = Date.parse("2025-06-30T07:00:05Z"); t <= Date.parse("2025-08-10T07:00:05Z"); t += 86_400_000) {
      set(new Date(t).toISOString());
      await scheduler.tick();
    }
    // Friday July 4th (first Friday), Tuesday July 29th (last Tuesday); August 1st (first Friday) is past `before`.
    expect(await dates(tenantId)).toEqual(["2025-07-04T09:00:00+02:00", "2025-07-29T09:00:00+02:00"]);
  });
});

describe("Schedule stopAfter", () => {
  test("an execution of the trigger that ends FAILED disables it; no more fires", async () => {
    await startEngine({ leaseMs: 5000 });
    const { tenantId, scheduler, set } = await setup(
      flow("    stopAfter: [FAILED]\n", "  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n"),
      "2025-06-01T00:00:00Z",
    );
    set("2025-06-01T07:00:05Z");
    expect(await scheduler.tick()).toBe(1);
    const [run] = await withTenant({ tenantId }, (tx) => tx.select().from(executions));
    expect((await waitForEnd(tenantId, run.id, 20_000))?.state.current).toBe("FAILED");
    const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers));
    expect(row).toMatchObject({ disabled: true, nextExecutionDate: null });
    set("2025-06-05T07:00:05Z");
    expect(await scheduler.tick()).toBe(0);
  });

  test("an execution ending in a state not listed leaves the trigger on", async () => {
    const { tenantId, scheduler, set } = await setup(flow("    stopAfter: [FAILED]\n"), "2025-06-01T00:00:00Z");
    set("2025-06-01T07:00:05Z");
    expect(await scheduler.tick()).toBe(1);
    const [run] = await withTenant({ tenantId }, (tx) => tx.select().from(executions));
    expect((await waitForEnd(tenantId, run.id, 20_000))?.state.current).toBe("SUCCESS");
    const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers));
    expect(row.disabled).toBe(false);
    set("2025-06-02T07:00:05Z");
    expect(await scheduler.tick()).toBe(1);
  });
});
