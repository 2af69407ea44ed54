import { describe, expect, it } from "vitest";
import { flattenSearchParams, listHref, listQuery, searchUrl, taskRunTree, timeWindow, formatMs, executionHref } from "@/components/executions/model";
import { executionListParams } from "@/components/executions/list-params";
import { inputsSchema, mustFill, wireValue, type FlowInput } from "@/components/executions/run-inputs";

describe("executions list URL", () => {
  it("round-trips every filter through the query string", () => {
    const params = executionListParams.parse(
      flattenSearchParams({ q: "abc", namespace: "company.team", flowId: "hello", state: ["FAILED", "KILLED"], labels: "env:prod", range: "24h", sort: "state:asc", page: "3" }),
    );
    expect(params.state).toEqual(["FAILED", "KILLED"]);
    const query = listQuery(params);
    expect(query).toBe("q=abc&namespace=company.team&flowId=hello&state=FAILED,KILLED&labels=env:prod&range=24h&sort=state:asc&page=3");
    expect(executionListParams.parse(Object.fromEntries(new URLSearchParams(query)))).toEqual(params);
  });

  it("drops invalid values instead of failing", () => {
    const params = executionListParams.parse({ state: "FAILED,NOPE", range: "2y", sort: "drop table", page: "-1", from: "not a date" });
    expect(params).toMatchObject({ state: ["FAILED"], range: undefined, sort: undefined, page: 1, from: undefined });
  });

  it("resets the page when a filter changes, keeps it when asked", () => {
    const current = executionListParams.parse({ state: "FAILED", page: "4" });
    expect(listHref("/ui/t/executions", current, { namespace: "a" })).toBe("/ui/t/executions?namespace=a&state=FAILED");
    expect(listHref("/ui/t/executions", current, { page: 5 })).toBe("/ui/t/executions?state=FAILED&page=5");
  });

  it("turns a relative range into a start date, and a custom one into both bounds", () => {
    const now = Date.parse("2026-01-02T12:00:00Z");
    expect(timeWindow({ range: "1h" }, now)).toEqual({ startDate: "2026-01-02T11:00:00.000Z" });
    expect(timeWindow({ range: "custom", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }, now)).toEqual({
      startDate: "2026-01-01T00:00:00.000Z",
      endDate: "2026-01-02T00:00:00.000Z",
    });
    expect(timeWindow({}, now)).toEqual({});
  });

  it("asks the REST search for repeated states and the window", () => {
    const params = executionListParams.parse({ state: "FAILED,KILLED", range: "7d" });
    const url = new URL(searchUrl("acme", params, 25, Date.parse("2026-01-08T00:00:00Z")), "http://x");
    expect(url.pathname).toBe("/api/v1/acme/executions/search");
    expect(url.searchParams.getAll("state")).toEqual(["FAILED", "KILLED"]);
    expect(url.searchParams.get("startDate")).toBe("2026-01-01T00:00:00.000Z");
  });

  it("links an execution's tabs, the overview without a segment", () => {
    const e = { namespace: "company.team", flowId: "hello", id: "abc" };
    expect(executionHref("t", e)).toBe("/ui/t/executions/company.team/hello/abc");
    expect(executionHref("t", e, "logs")).toBe("/ui/t/executions/company.team/hello/abc/logs");
  });
});

describe("task run tree and durations", () => {
  it("puts children right after their parent, with their depth", () => {
    const runs = [
      { id: "a", parentTaskRunId: null },
      { id: "c", parentTaskRunId: "b" },
      { id: "b", parentTaskRunId: "a" },
      { id: "d", parentTaskRunId: null },
      { id: "orphan", parentTaskRunId: "gone" },
    ];
    expect(taskRunTree(runs).map((r) => `${r.run.id}:${r.depth}`)).toEqual(["a:0", "b:1", "c:2", "d:0", "orphan:0"]);
  });

  it("formats durations for people", () => {
    expect(formatMs(850)).toBe("850 ms");
    expect(formatMs(4200)).toBe("4.2 s");
    expect(formatMs(185_000)).toBe("3 min 5 s");
  });
});

describe("run form validation", () => {
  const inputs: FlowInput[] = [
    { id: "name", type: "STRING" },
    { id: "count", type: "INT", min: 1, max: 10 },
    { id: "ratio", type: "FLOAT", required: false },
    { id: "payload", type: "JSON", required: false },
    { id: "color", type: "ENUM", values: ["red", "blue"] },
    { id: "wait", type: "DURATION", defaults: "PT1M" },
    { id: "site", type: "URI", required: false },
  ];
  const schema = inputsSchema(inputs);

  it("requires inputs without a default, and not those with one", () => {
    expect(mustFill(inputs[0]!)).toBe(true);
    expect(mustFill(inputs[5]!)).toBe(false);
    const result = schema.safeParse({ name: "", count: "", ratio: "", payload: "", color: "", wait: "", site: "" });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((i) => i.path[0]);
    expect(paths).toEqual(expect.arrayContaining(["name", "count", "color"]));
    expect(paths).not.toContain("wait");
  });

  it("checks types and bounds with messages per input", () => {
    const result = schema.safeParse({ name: "x", count: "11", ratio: "abc", payload: "{", color: "green", wait: "5 minutes", site: "not a uri" });
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path[0], i.message]));
    expect(messages).toEqual({
      count: "must be at most 10",
      ratio: "must be a number",
      payload: "must be valid JSON",
      color: "must be one of red, blue",
      wait: "must be an ISO-8601 duration such as PT5M",
      site: "must be a URI such as https://example.com/x",
    });
    expect(schema.safeParse({ name: "x", count: "3", ratio: "0.5", payload: '{"a":1}', color: "red", wait: "PT5M", site: "https://a.b/c" }).success).toBe(true);
  });

  it("sends DATETIME in UTC and ARRAY as JSON", () => {
    expect(wireValue({ id: "d", type: "DATETIME" }, "2026-01-31T10:15")).toBe("2026-01-31T10:15:00Z");
    expect(wireValue({ id: "a", type: "ARRAY" }, "a, b,c")).toBe('["a","b","c"]');
    expect(wireValue({ id: "a", type: "ARRAY" }, "[1,2]")).toBe("[1,2]");
  });
});
