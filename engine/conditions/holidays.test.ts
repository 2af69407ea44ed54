import { describe, expect, test } from "vitest";
import { conditionHolds } from "./evaluate";
import { validateFlowSource } from "@/engine/flow/validate";

// Kestra's PublicHolidayTest (core/src/test/java/io/kestra/plugin/core/condition/PublicHolidayTest.java):
// the same dates, countries and subdivisions, with the outcomes it asserts.
const holiday = (props: Record<string, string>) => conditionHolds({ type: "io.kestra.plugin.core.condition.PublicHoliday", ...props }, { now: new Date(), render: async (t) => t });

describe("PublicHoliday", () => {
  test("valid: Bastille Day in France, Women's Day in Berlin", async () => {
    expect(await holiday({ date: "2023-07-14", country: "FR" })).toBe(true);
    expect(await holiday({ date: "2023-03-08", country: "DE", subDivision: "BE" })).toBe(true);
  });

  test("invalid: an ordinary Monday in France, Women's Day in Germany as a whole", async () => {
    expect(await holiday({ date: "2023-01-02", country: "FR" })).toBe(false);
    expect(await holiday({ date: "2023-03-08", country: "DE" })).toBe(false);
  });

  test("the calendar day is read as written, whatever its offset (US Independence Day late in the evening)", async () => {
    expect(await holiday({ date: "2023-07-04T23:30:00-04:00", country: "US" })).toBe(true);
    expect(await holiday({ date: "2023-07-04T00:30:00+14:00", country: "US" })).toBe(true);
    expect(await holiday({ date: "2023-07-05T00:30:00-04:00", country: "US" })).toBe(false);
  });

  test("an unknown country or subdivision is a validation error naming the field when the flow is saved", () => {
    const flow = (condition: string) => `id: f\nnamespace: a.b\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: s\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 11 * * *"\n    conditions:\n      - type: io.kestra.plugin.core.condition.PublicHoliday\n${condition}`;
    const bad = validateFlowSource(flow("        country: ZZ\n"));
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toMatch(/unknown country 'ZZ'/);
    const badSub = validateFlowSource(flow("        country: DE\n        subDivision: XX\n"));
    expect(JSON.stringify(badSub)).toMatch(/unknown subdivision 'XX' of DE/);
    expect(validateFlowSource(flow("        country: FR\n")).ok).toBe(true);
    expect(validateFlowSource(flow("        country: \"{{ vars.country }}\"\n")).ok).toBe(true);
  });
});
