import { eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { rescheduleFlowTriggers, type FlowDefinition } from "@/db/queries/triggers";
import { executions, triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createScheduler } from "@/engine/scheduler";
import { seedTenant } from "../helpers/seed";

/**
 * Kestra's ScheduleOnDates (core/src/test/.../ScheduleOnDatesTest.java): one execution per
 * listed date, `trigger.date` in the trigger's zone, nothing after the last date. Clocks run
 * in 2023, before the other files' dates.
 */
const used: string[] = [];
afterEach(async () => {
  for (const tenantId of used.splice(0)) await withTenant({ tenantId }, (tx) => tx.delete(triggers).where(eq(triggers.tenantId, tenantId)));
});

function source(id: string, props: string) {
  return `id: ${id}\nnamespace: company.team\ninputs:\n  - id: who\n    type: STRING\n    defaults: nobody\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: x\ntriggers:\n  - id: dates\n    type: io.kestra.plugin.core.trigger.ScheduleOnDates\n${props}`;
}

async function setup(id: string, props: string, now: string) {
  const tenantId = (await seedTenant()).id;
  used.push(tenantId);
  const src = source(id, props);
  const parsed = validateFlowSource(src);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, async (tx) => {
    await saveFlow(tx, { tenantId, flow: parsed.flow, source: src, authorId: null, mode: "upsert" });
    await rescheduleFlowTriggers(tx, { namespace: "company.team", flowId: id, definition: parsed.flow as unknown as FlowDefinition, now: new Date(now) });
  });
  return tenantId;
}

async function runs(tenantId: string) {
  const rows = await withTenant({ tenantId }, (tx) => tx.select().from(executions));
  return rows.map((r) => r.document).sort((a, b) => String(a.trigger?.variables?.date).localeCompare(String(b.trigger?.variables?.date)));
}

describe("ScheduleOnDates", () => {
  test("fires once at each date, in order, with trigger.date in the zone and the trigger's inputs; nothing after the last", async () => {
    const props = [
      "    timezone: Europe/Paris",
      "    inputs:\n      who: dates",
      "    dates:",
      // Listed out of order; one written without an offset is read in the zone (09:30 Paris = 08:30Z).
      '      - "2023-03-01T12:00:00Z"',
      '      - "2023-03-01T09:30:00"',
      '      - "2023-03-01T10:00:00+01:00"',
      // Before the trigger was scheduled: never fires.
      '      - "2023-02-01T00:00:00Z"',
      "",
    ].join("\n");
    const tenantId = await setup("ondates", props, "2023-03-01T08:00:00Z");
    let now = new Date("2023-03-01T08:00:00Z");
    const scheduler = createScheduler({ tenants: [tenantId], clock: () => now, owner: "dates" });
    expect(await scheduler.tick()).toBe(0);
    now = new Date("2023-03-01T08:30:05Z");
    expect(await scheduler.tick()).toBe(1);
    expect(await scheduler.tick()).toBe(0);
    now = new Date("2023-03-01T09:00:01Z");
    expect(await scheduler.tick()).toBe(1);
    now = new Date("2023-03-01T12:00:01Z");
    expect(await scheduler.tick()).toBe(1);
    now = new Date("2024-03-01T12:00:01Z");
    expect(await scheduler.tick()).toBe(0);
    const docs = await runs(tenantId);
    expect(docs.map((d) => d.trigger)).toEqual([
      { id: "dates", type: "io.kestra.plugin.core.trigger.ScheduleOnDates", variables: { date: "2023-03-01T09:30:00+01:00" } },
      { id: "dates", type: "io.kestra.plugin.core.trigger.ScheduleOnDates", variables: { date: "2023-03-01T10:00:00+01:00" } },
      { id: "dates", type: "io.kestra.plugin.core.trigger.ScheduleOnDates", variables: { date: "2023-03-01T13:00:00+01:00" } },
    ]);
    expect(docs.every((d) => (d.inputs as { who: string }).who === "dates")).toBe(true);
    const [state] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers));
    expect(state.nextExecutionDate).toBeNull();
    expect(state.date?.toISOString()).toBe("2023-03-01T12:00:00.000Z");
  });

  test("recoverMissedSchedules after an outage: ALL fires every missed date, NONE none, LAST the latest", async () => {
    const dates = '    dates:\n      - "2023-05-01T10:00:00Z"\n      - "2023-05-01T10:05:00Z"\n      - "2023-05-01T10:10:00Z"\n';
    const outcome: Record<string, string[]> = {};
    for (const mode of ["ALL", "NONE", "LAST"]) {
      const tenantId = await setup(`recover${mode.toLowerCase()}`, `    timezone: UTC\n    recoverMissedSchedules: ${mode}\n${dates}`, "2023-05-01T09:00:00Z");
      // The scheduler comes back at 10:20: every date is missed.
      await createScheduler({ tenants: [tenantId], clock: () => new Date("2023-05-01T10:20:00Z"), owner: mode }).tick();
      outcome[mode] = (await runs(tenantId)).map((d) => String(d.trigger?.variables?.date));
    }
    expect(outcome).toEqual({
      ALL: ["2023-05-01T10:00:00Z", "2023-05-01T10:05:00Z", "2023-05-01T10:10:00Z"],
      NONE: [],
      LAST: ["2023-05-01T10:10:00Z"],
    });
  });

  test("a date that is not a date-time, an empty list or an unknown zone is refused at save, naming the field", () => {
    const bad = validateFlowSource(source("bad", '    dates:\n      - "2023-05-01T10:00:00Z"\n      - "next tuesday"\n'));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.some((e) => e.path === "triggers[0].dates" && /dates\[1\]: "next tuesday" is not a date-time/.test(e.message))).toBe(true);
    const empty = validateFlowSource(source("empty", "    dates: []\n"));
    expect(empty.ok).toBe(false);
    const zone = validateFlowSource(source("zone", '    timezone: Mars/Olympus\n    dates:\n      - "2023-05-01T10:00:00Z"\n'));
    expect(zone.ok).toBe(false);
    if (!zone.ok) expect(zone.errors.some((e) => e.path === "triggers[0].timezone")).toBe(true);
  });
});
