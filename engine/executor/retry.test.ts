import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { completeTaskRun } from "./complete";
import { runFlowInMemory } from "@/engine/memory";
import { at, counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";

const constant = (extra = "") => `
id: retry
namespace: tests
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry:
      type: constant
      interval: PT10S
      maxAttempt: 3
${extra}
`;

describe("retries", () => {
  it("waits for the interval in RETRYING, then runs a new attempt", async () => {
    const flow = flowOf(constant());
    const ids = counterIds("tr");
    const first = await advance(flow, newExecution(flow), T0, { newId: ids });
    const failed = completeTaskRun(flow, first.execution, "tr1", { state: "FAILED", error: "x" }, at(1000));
    const waiting = await advance(flow, failed, at(1000), { newId: ids });
    expect(runOf(waiting.execution, "flaky").state.current).toBe("RETRYING");
    expect(waiting.execution.state.current).toBe("RETRYING");
    expect(waiting.actions).toEqual([]);
    expect(waiting.wakeAt).toBe(at(11_000).toISOString());

    const early = await advance(flow, waiting.execution, at(5000), { newId: ids });
    expect(early.actions).toEqual([]);

    const again = await advance(flow, waiting.execution, at(11_000), { newId: ids });
    expect(again.actions).toEqual([{ kind: "run", taskRunId: "tr1" }]);
    expect(runOf(again.execution, "flaky").attempts).toHaveLength(2);
    expect(again.execution.state.current).toBe("RUNNING");
  });

  it("stops after maxAttempt and runs errors once", async () => {
    const { execution } = await runFlowInMemory({
      flow: constant(`errors:
  - id: handle
    type: io.kestra.plugin.core.log.Log
    message: once`),
      clock: T0.getTime(),
    });
    expect(summary(execution)).toEqual(["flaky:FAILED", "handle:SUCCESS"]);
    expect(runOf(execution, "flaky").attempts?.map((a) => a.state.current)).toEqual(["FAILED", "FAILED", "FAILED"]);
    // Virtual time: two intervals went by, no real waiting.
    expect(execution.state.endDate).toBe(at(20_000).toISOString());
  });

  it("stops at maxDuration: a retry due exactly at the limit does not happen", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: duration
namespace: tests
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry:
      type: constant
      interval: PT2S
      maxDuration: PT6S
`,
    });
    expect(runOf(execution, "flaky").attempts).toHaveLength(3);
  });

  it("grows exponential intervals up to maxInterval, and succeeds with warningOnRetry as WARNING", async () => {
    const { execution, engine } = await runFlowInMemory({
      clock: T0.getTime(),
      flow: `
id: expo
namespace: tests
tasks:
  - id: flaky
    type: io.kestra.plugin.core.log.Log
    message: "{{ taskrun.attemptsCount == 3 ? 'ok' : ko }}"
    retry:
      type: exponential
      interval: PT1S
      maxInterval: PT3S
      maxAttempt: 5
      warningOnRetry: true
`,
    });
    const starts = runOf(execution, "flaky").attempts?.map((a) => a.state.startDate);
    // 1s, 2s, then capped at 3s
    expect(starts).toEqual([at(0), at(1000), at(3000), at(6000)].map((d) => d.toISOString()));
    expect(execution.state.current).toBe("WARNING");
    expect(engine.logs.filter((l) => l.level === "ERROR")).toHaveLength(3);
  });

  it("applies a flow-level retry, and a flowable's retry to its failed children", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: inherited
namespace: tests
retry:
  type: constant
  interval: PT1S
  maxAttempt: 2
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: [1, 2]
    concurrencyLimit: 0
    retry:
      type: constant
      interval: PT1S
      maxAttempt: 3
    tasks:
      - id: child
        type: io.kestra.plugin.core.execution.Fail
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
`,
    });
    expect(execution.taskRunList.filter((r) => r.taskId === "child").map((r) => r.attempts?.length)).toEqual([3, 3]);
    expect(runOf(execution, "each").attempts).toBeNull();
    expect(execution.state.current).toBe("FAILED");
  });

  it("retries the whole execution as new executions with CREATE_NEW_EXECUTION", async () => {
    const { executions } = await runFlowInMemory({
      flow: `
id: again
namespace: tests
retry:
  behavior: CREATE_NEW_EXECUTION
  type: constant
  interval: PT1S
  maxAttempt: 3
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
`,
    });
    expect(executions.map((e) => e.state.current)).toEqual(["RETRIED", "RETRIED", "FAILED"]);
    expect(executions[1].parentId).toBe(executions[0].id);
    expect(executions[2].originalId).toBe(executions[0].id);
    expect(executions.map((e) => e.metadata?.attemptNumber)).toEqual([1, 2, 3]);
    expect(runOf(executions[0], "fail").state.current).toBe("RETRIED");
  });

  it("retries a random interval within its bounds, deterministically", async () => {
    const flow = `
id: random
namespace: tests
tasks:
  - id: flaky
    type: io.kestra.plugin.core.execution.Fail
    retry:
      type: random
      minInterval: PT1S
      maxInterval: PT2S
      maxAttempt: 2
`;
    const one = await runFlowInMemory({ flow, clock: T0.getTime(), newId: counterIds() });
    const two = await runFlowInMemory({ flow, clock: T0.getTime(), newId: counterIds() });
    const gap = (e: typeof one.execution) => {
      const [a, b] = runOf(e, "flaky").attempts ?? [];
      return Date.parse(b.state.startDate) - Date.parse(a.state.startDate);
    };
    expect(gap(one.execution)).toBeGreaterThanOrEqual(1000);
    expect(gap(one.execution)).toBeLessThanOrEqual(2000);
    expect(gap(two.execution)).toBe(gap(one.execution));
  });
});
