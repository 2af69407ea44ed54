import { describe, expect, test } from "vitest";
import { compileSchedule, scheduleIssues, zonedIso } from "./cron";
import { planFires, scheduleVariables } from "./plan";

/** Every fire of `cron` in `zone` in [from, to), as local ISO strings. */
function fires(cron: string, zone: string, from: string, to: string, withSeconds = false): string[] {
  const schedule = compileSchedule({ cron, timezone: zone, withSeconds });
  const out: string[] = [];
  let at = schedule.next(new Date(new Date(from).getTime() - 1));
  while (at && at < new Date(to)) {
    out.push(zonedIso(at, zone));
    at = schedule.next(at);
  }
  return out;
}

describe("Schedule cron", () => {
  test("a daily time in the hour Europe/Paris skips in spring fires once, at the end of the gap", () => {
    expect(fires("30 2 * * *", "Europe/Paris", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z")).toEqual([
      "2026-03-28T02:30:00+01:00",
      "2026-03-29T03:00:00+02:00",
      "2026-03-30T02:30:00+02:00",
    ]);
  });

  test("a daily time in the hour Europe/Paris repeats in autumn fires once", () => {
    expect(fires("30 2 * * *", "Europe/Paris", "2026-10-24T00:00:00Z", "2026-10-27T00:00:00Z")).toEqual([
      "2026-10-24T02:30:00+02:00",
      "2026-10-25T02:30:00+02:00",
      "2026-10-26T02:30:00+01:00",
    ]);
  });

  test("an hourly schedule fires once per real hour across both changes (23 and 25 fires)", () => {
    expect(fires("@hourly", "Europe/Paris", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")).toHaveLength(23);
    const autumn = fires("@hourly", "Europe/Paris", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
    expect(autumn).toHaveLength(25);
    expect(autumn.slice(2, 4)).toEqual(["2026-10-25T02:00:00+02:00", "2026-10-25T02:00:00+01:00"]);
  });

  test("nicknames and withSeconds", () => {
    expect(fires("@daily", "UTC", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z")).toEqual(["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"]);
    expect(fires("@midnight", "UTC", "2026-01-01T00:00:01Z", "2026-01-02T00:00:01Z")).toEqual(["2026-01-02T00:00:00Z"]);
    expect(fires("*/20 * * * * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:01:00Z", true)).toEqual([
      "2026-01-01T00:00:00Z",
      "2026-01-01T00:00:20Z",
      "2026-01-01T00:00:40Z",
    ]);
  });

  test("an invalid cron, a wrong field count or an unknown zone names the field", () => {
    expect(scheduleIssues({ cron: "61 * * * *" })).toEqual([{ field: "cron", message: expect.stringContaining("61") }]);
    expect(scheduleIssues({ cron: "* * * * * *" })).toEqual([{ field: "cron", message: expect.stringContaining("withSeconds") }]);
    expect(scheduleIssues({ cron: "* * * * *", withSeconds: true })).toEqual([{ field: "cron", message: expect.stringContaining("6 fields") }]);
    expect(scheduleIssues({ cron: "@sometimes" })).toEqual([{ field: "cron", message: expect.stringContaining("nickname") }]);
    expect(scheduleIssues({ cron: "0 0 30 2 *" })).toEqual([{ field: "cron", message: expect.stringContaining("never fires") }]);
    expect(scheduleIssues({ cron: "@hourly", timezone: "Mars/Olympus" })).toEqual([{ field: "timezone", message: expect.stringContaining("Mars/Olympus") }]);
    expect(scheduleIssues({ cron: "0 9 * * MON-FRI", timezone: "America/New_York" })).toEqual([]);
  });
});

describe("which due dates fire (recoverMissedSchedules)", () => {
  const everyMinute = compileSchedule({ cron: "*/1 * * * *", timezone: "UTC" });
  const base = { schedule: everyMinute, next: new Date("2026-01-10T12:01:00Z"), graceMs: 30_000, limit: 100 };
  // Down from 12:00:30 to 12:10:40: 12:01 ... 12:10 were missed.
  const now = new Date("2026-01-10T12:10:40Z");

  test("ALL fires every missed date, LAST the latest, NONE none; next is 12:11 in each case", () => {
    const all = planFires({ ...base, now, recover: "ALL" });
    expect(all.fires.map((d) => d.toISOString().slice(11, 16))).toEqual(["12:01", "12:02", "12:03", "12:04", "12:05", "12:06", "12:07", "12:08", "12:09", "12:10"]);
    const last = planFires({ ...base, now, recover: "LAST" });
    expect(last.fires.map((d) => d.toISOString().slice(11, 16))).toEqual(["12:10"]);
    const none = planFires({ ...base, now, recover: "NONE" });
    expect(none.fires).toEqual([]);
    for (const plan of [all, last, none]) expect(plan.next?.toISOString()).toBe("2026-01-10T12:11:00.000Z");
  });

  test("an on-time date fires under every mode", () => {
    for (const recover of ["ALL", "LAST", "NONE"] as const) {
      const plan = planFires({ ...base, now: new Date("2026-01-10T12:01:00.400Z"), recover });
      expect(plan.fires.map((d) => d.toISOString())).toEqual(["2026-01-10T12:01:00.000Z"]);
    }
  });

  test("ALL works a long outage off `limit` fires at a time", () => {
    const plan = planFires({ ...base, now: new Date("2026-01-11T12:00:00Z"), recover: "ALL", limit: 50 });
    expect(plan.fires).toHaveLength(50);
    expect(plan.next?.toISOString()).toBe("2026-01-10T12:51:00.000Z");
  });

  test("lateMaximumDelay skips dates later than it allows", () => {
    const plan = planFires({ ...base, now, recover: "ALL", lateMaximumDelayMs: 3 * 60_000 });
    expect(plan.fires.map((d) => d.toISOString().slice(11, 16))).toEqual(["12:08", "12:09", "12:10"]);
  });

  test("trigger variables: date, next and previous in the schedule's zone", () => {
    const paris = compileSchedule({ cron: "0 * * * *", timezone: "Europe/Paris" });
    expect(scheduleVariables(paris, new Date("2026-03-29T01:00:00Z"))).toEqual({
      date: "2026-03-29T03:00:00+02:00",
      next: "2026-03-29T04:00:00+02:00",
      previous: "2026-03-29T01:00:00+01:00",
    });
  });
});
