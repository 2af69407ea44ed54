import { describe, expect, it } from "vitest";
import { recordResults, windowAt } from "./window";

const at = (iso: string) => new Date(iso);

describe("preconditions time windows (Kestra's timeWindow)", () => {
  it("DURATION_WINDOW: fixed windows from midnight UTC plus windowAdvance", () => {
    expect(windowAt(undefined, at("2025-03-04T13:00:00Z"))).toEqual({ kind: "fixed", start: at("2025-03-04T00:00:00Z"), end: at("2025-03-05T00:00:00Z") });
    expect(windowAt({ window: "PT6H", windowAdvance: "PT1H" }, at("2025-03-04T13:00:00Z"))).toEqual({ kind: "fixed", start: at("2025-03-04T13:00:00Z"), end: at("2025-03-04T19:00:00Z") });
    expect(windowAt({ window: "PT6H", windowAdvance: "PT1H" }, at("2025-03-04T00:30:00Z"))).toEqual({ kind: "fixed", start: at("2025-03-03T19:00:00Z"), end: at("2025-03-04T01:00:00Z") });
  });

  it("DAILY_TIME_WINDOW and DAILY_TIME_DEADLINE close outside their hours", () => {
    const w = { type: "DAILY_TIME_WINDOW" as const, startTime: "08:00:00", endTime: "12:00:00" };
    expect(windowAt(w, at("2025-03-04T09:00:00Z")).kind).toBe("fixed");
    expect(windowAt(w, at("2025-03-04T13:00:00Z")).kind).toBe("closed");
    expect(windowAt({ type: "DAILY_TIME_DEADLINE", deadline: "10:00:00" }, at("2025-03-04T11:00:00Z")).kind).toBe("closed");
  });

  it("fires once when all conditions hold in one window, and a new window starts over", () => {
    const base = { conditions: ["a", "b"], window: { window: "PT1H" }, resetOnSuccess: true };
    const first = recordResults(null, { ...base, met: ["a"], now: at("2025-03-04T10:10:00Z") });
    expect(first.fire).toBe(false);
    // b in the next hour: a's result belonged to the previous window.
    const late = recordResults(first.state, { ...base, met: ["b"], now: at("2025-03-04T11:05:00Z") });
    expect(late.fire).toBe(false);
    const again = recordResults(late.state, { ...base, met: ["a"], now: at("2025-03-04T11:20:00Z") });
    expect(again).toEqual({ fire: true, state: null });
  });

  it("SLIDING_WINDOW drops results older than the window; resetOnSuccess false keeps them", () => {
    const base = { conditions: ["a", "b"], window: { type: "SLIDING_WINDOW" as const, window: "PT1H" } };
    const a = recordResults(null, { ...base, met: ["a"], resetOnSuccess: false, now: at("2025-03-04T10:00:00Z") });
    expect(recordResults(a.state, { ...base, met: ["b"], resetOnSuccess: false, now: at("2025-03-04T11:30:00Z") }).fire).toBe(false);
    const b = recordResults(a.state, { ...base, met: ["b"], resetOnSuccess: false, now: at("2025-03-04T10:30:00Z") });
    expect(b.fire).toBe(true);
    expect(recordResults(b.state, { ...base, met: ["b"], resetOnSuccess: false, now: at("2025-03-04T10:40:00Z") }).fire).toBe(true);
  });
});
