import { describe, expect, it } from "vitest";
import { runFlowInMemory } from "@/engine/memory";

/**
 * flow.WaitFor after Kestra's WaitForCaseTest (core/src/test/java/io/kestra/plugin/core/flow/
 * WaitForCaseTest.java and the waitfor-*.yaml flows it runs), on the in-memory engine whose
 * clock jumps over the intervals.
 */
const flow = (waitFor: string) => `
id: waitfor
namespace: tests.flow
tasks:
  - id: waitfor
    type: io.kestra.plugin.core.flow.WaitFor
${waitFor}
`;

const counting = `    tasks:
      - id: echo
        type: io.kestra.plugin.core.log.Log
        message: "looping {{ taskrun.iteration }}"
      - id: output_values
        type: io.kestra.plugin.core.output.OutputValues
        values:
          count: "{{ outputs.waitfor.iterationCount + 1 }}"`;

async function run(waitFor: string) {
  const r = await runFlowInMemory({ flow: flow(waitFor), clock: Date.parse("2026-03-01T10:00:00Z") });
  const runs = (taskId: string) => r.execution.taskRunList.filter((t) => t.taskId === taskId);
  return { ...r, runs };
}

describe("flow.WaitFor (WaitForCaseTest)", () => {
  it("repeats its tasks while the condition holds, the last iteration's outputs deciding (waitforMultipleTasks)", async () => {
    const r = await run(`    condition: "{{ outputs.output_values.values.count != '4' }}"\n${counting}`);
    expect(r.execution.state.current).toBe("SUCCESS");
    const values = r.runs("output_values").map((t) => (t.outputs?.values as { count: string }).count);
    expect(values).toEqual(["2", "3", "4"]);
    expect(r.runs("output_values").map((t) => t.iteration)).toEqual([0, 1, 2]);
    expect(r.runs("waitfor")[0].outputs).toEqual({ iterationCount: 3 });
    // One second (the default interval) between iterations, on the engine's clock.
    const starts = r.runs("echo").map((t) => Date.parse(t.state.startDate));
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(1000);
    expect(r.engine.logs.filter((l) => l.taskId === "echo").map((l) => l.message)).toEqual(["looping 0", "looping 1", "looping 2"]);
  });

  it("stops at maxIterations and fails with failOnMaxReached (waitforMaxIterations)", async () => {
    const r = await run(`    condition: "{{ outputs.output_values.values.count != '10' }}"
    checkFrequency:
      maxIterations: 3
      interval: PT0.2S
    failOnMaxReached: true
${counting}`);
    expect(r.execution.state.current).toBe("FAILED");
    expect(r.runs("output_values")).toHaveLength(3);
  });

  it("ends in SUCCESS at the maximum without failOnMaxReached", async () => {
    const r = await run(`    condition: "{{ true }}"
    checkFrequency:
      maxIterations: 2
${counting}`);
    expect(r.execution.state.current).toBe("SUCCESS");
    expect(r.runs("output_values")).toHaveLength(2);
  });

  it("stops once maxDuration has passed (waitforMaxDuration)", async () => {
    const r = await run(`    condition: "{{ true }}"
    checkFrequency:
      maxDuration: PT10S
      interval: PT3S
    failOnMaxReached: true
${counting}`);
    expect(r.execution.state.current).toBe("FAILED");
    expect(r.runs("output_values").length).toBeGreaterThanOrEqual(3);
    expect(r.runs("output_values").length).toBeLessThanOrEqual(5);
  });

  it("runs once when the condition is false at once (waitforNoSuccess)", async () => {
    const r = await run(`    condition: "{{ outputs.output_values.values.count == '6' }}"
    checkFrequency:
      maxIterations: 5
      interval: PT0.2S
${counting}`);
    expect(r.execution.state.current).toBe("SUCCESS");
    expect(r.runs("output_values")).toHaveLength(1);
  });

  it("fails with its failing task, without another iteration (waitforMultipleTasksFailed)", async () => {
    const r = await run(`    condition: "{{ true }}"
    tasks:
      - id: ok
        type: io.kestra.plugin.core.log.Log
        message: fine
      - id: boom
        type: io.kestra.plugin.core.execution.Fail`);
    expect(r.execution.state.current).toBe("FAILED");
    expect(r.runs("boom")).toHaveLength(1);
    expect(r.runs("boom")[0].attempts).toHaveLength(1);
  });
});
