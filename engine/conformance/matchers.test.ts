import { describe, expect, it } from "vitest";
import { runFlowInMemory } from "@/engine/memory";
import { checkExecution } from "./expect";
import { match } from "./matchers";
import { MemoryDriver } from "./memory-driver";

const refs = (ref: string) => ({ "execution.id": "E1", "taskrun[t].id": "T1" })[ref];
const ok = (actual: unknown, expected: unknown) => match(actual, expected, refs);

describe("matchers", () => {
  it.each([
    ["plain equality", "a", "a"],
    ["maps on expected keys", { a: 1, b: 2 }, { a: 1 }],
    ["$contains", "hello world", { $contains: "lo w" }],
    ["$regex (full match)", "2024-01-01T00:00:00.000Z", { $regex: "\\d{4}-.*Z" }],
    ["$gte", 3, { $gte: 3 }],
    ["$gt", 3, { $gt: 2 }],
    ["$hasItems", [1, 2, 3], { $hasItems: [3, 1] }],
    ["$containsInAnyOrder", ["B", "A", "B"], { $containsInAnyOrder: ["B", "B", "A"] }],
    ["$allOf", "INFO Hello", { $allOf: [{ $contains: "INFO" }, { $contains: "Hello" }] }],
    ["$anyOf", "x", { $anyOf: ["y", "x"] }],
    ["$ref", "E1", { $ref: "execution.id" }],
    ["$concat", "run E1!", { $concat: ["run ", { $ref: "execution.id" }, "!"] }],
    ["$isoDateTimeWithinSecondsOfNow", new Date().toISOString(), { $isoDateTimeWithinSecondsOfNow: 5 }],
    ["null", null, null],
  ])("%s matches", (_name, actual, expected) => {
    expect(ok(actual, expected)).toBeNull();
  });

  it.each([
    ["plain equality", "a", "b"],
    ["list length", [1, 2], [1]],
    ["$contains", "hello", { $contains: "bye" }],
    ["$regex is a full match", "xx2024", { $regex: "\\d{4}" }],
    ["$gte", 2, { $gte: 3 }],
    ["$gt", 3, { $gt: 3 }],
    ["$hasItems", [1, 2], { $hasItems: [3] }],
    ["$containsInAnyOrder counts", ["A", "B"], { $containsInAnyOrder: ["A", "A"] }],
    ["$allOf", "INFO", { $allOf: [{ $contains: "INFO" }, { $contains: "Hello" }] }],
    ["$anyOf", "z", { $anyOf: ["y", "x"] }],
    ["$ref", "E2", { $ref: "execution.id" }],
    ["$isoDateTimeWithinSecondsOfNow", "2001-01-01T00:00:00Z", { $isoDateTimeWithinSecondsOfNow: 5 }],
    ["null", 0, null],
    ["unknown matcher", 1, { $nope: 1 }],
  ])("%s reports a mismatch", (_name, actual, expected) => {
    expect(ok(actual, expected)).toEqual(expect.any(String));
  });
});

describe("checkExecution", () => {
  it("reports every way an execution differs from its expectation", async () => {
    const { execution, engine } = await runFlowInMemory({
      flow: `
id: checked
namespace: tests
labels:
  team: a
tasks:
  - id: t
    type: io.kestra.plugin.core.debug.Return
    format: "value"
`,
    });
    const driver = new MemoryDriver();
    Object.assign(driver, { logs: async () => engine.logs });
    const check = (expect: Record<string, unknown>) =>
      checkExecution(expect, { driver, roles: { execution }, all: [...engine.executions.values()] });

    expect(
      await check({
        state: "SUCCESS",
        taskRunCount: 1,
        taskRuns: [{ taskId: "t", value: "value", attemptCount: 1, stateHistoryCounts: { RUNNING: 1 } }],
        labels: { team: "a", "system.correlationId": { $ref: "execution.id" } },
        labelsMatch: "exactSet",
      }),
    ).toEqual([]);

    const reasons = await check({
      state: "FAILED",
      taskRunCount: 2,
      taskRuns: [{ taskId: "t", value: "other" }, { taskId: "absent" }, { index: 0, absent: true }],
      labels: { team: "b" },
      whatever: 1,
    });
    expect(reasons).toHaveLength(7);
    expect(reasons.join("\n")).toMatch(/unsupported expectation 'whatever'/);
  });
});
