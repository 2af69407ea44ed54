import { describe, expect, it } from "vitest";
import { validateFlowSource } from "@/engine/flow/validate";
import { pollIntervalOf } from "@/engine/scheduler/polling";

const flow = (trigger: string) => `id: poller
namespace: tests.http
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: hi
triggers:
  - id: http
${trigger}`;

describe("http.Trigger's declaration", () => {
  it("takes Kestra's defaults (GET, every PT60S, status below 400) and its fs alias", () => {
    const parsed = validateFlowSource(flow("    type: io.kestra.plugin.fs.http.Trigger\n    uri: https://example.com/health"));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.flow.triggers?.[0]).toMatchObject({ method: "GET", interval: "PT60S", responseCondition: "{{ response.statusCode < 400 }}" });
    expect(pollIntervalOf(parsed.flow.triggers![0])).toBe(60_000);
    expect(pollIntervalOf({ type: "io.kestra.plugin.core.trigger.Schedule" })).toBeNull();
  });

  it("refuses a missing uri, an unknown method and an interval under a second, naming the property", () => {
    const errors = (trigger: string) => {
      const parsed = validateFlowSource(flow(trigger));
      return parsed.ok ? [] : parsed.errors.map((e) => `${e.path} ${e.message}`);
    };
    expect(errors("    type: io.kestra.plugin.core.http.Trigger").join("\n")).toContain("triggers[0].uri");
    expect(errors("    type: io.kestra.plugin.core.http.Trigger\n    uri: https://example.com\n    method: FETCH").join("\n")).toContain("triggers[0].method");
    expect(errors("    type: io.kestra.plugin.core.http.Trigger\n    uri: https://example.com\n    interval: PT0.5S").join("\n")).toContain("at least PT1S");
  });
});
