import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { completeTaskRun } from "./complete";
import { runFlowInMemory } from "@/engine/memory";
import { at, counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";

const SEQUENTIAL = `
id: seq
namespace: tests
tasks:
  - id: a
    type: io.kestra.plugin.core.debug.Return
    format: "A"
  - id: b
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.a.value }}B"
`;

describe("advance: sequential tasks", () => {
  it("starts one task at a time and asks the shell to run it", async () => {
    const flow = flowOf(SEQUENTIAL);
    const ids = counterIds("tr");
    const first = await advance(flow, newExecution(flow), T0, { newId: ids });
    expect(first.execution.state.current).toBe("RUNNING");
    expect(summary(first.execution)).toEqual(["a:RUNNING"]);
    expect(first.actions).toEqual([{ kind: "run", taskRunId: "tr1" }]);
    expect(runOf(first.execution, "a").attempts).toHaveLength(1);

    const done = completeTaskRun(flow, first.execution, "tr1", { state: "SUCCESS", outputs: { value: "A" } }, at(10));
    const second = await advance(flow, done, at(10), { newId: ids });
    expect(summary(second.execution)).toEqual(["a:SUCCESS", "b:RUNNING"]);
    expect(second.actions).toEqual([{ kind: "run", taskRunId: "tr2" }]);

    const end = await advance(flow, completeTaskRun(flow, second.execution, "tr2", { state: "SUCCESS" }, at(20)), at(20), { newId: ids });
    expect(end.execution.state.current).toBe("SUCCESS");
    expect(end.execution.state.endDate).toBe(at(20).toISOString());
    expect(end.execution.state.duration).toBe("PT0.02S");
    expect(end.actions).toEqual([]);
    expect(end.wakeAt).toBeUndefined();
  });

  it("never mutates the document it is given", async () => {
    const flow = flowOf(SEQUENTIAL);
    const execution = newExecution(flow);
    const copy = structuredClone(execution);
    await advance(flow, execution, T0, { newId: counterIds() });
    expect(execution).toEqual(copy);
  });

  it("ignores a late report for a run that is no longer running", async () => {
    const flow = flowOf(SEQUENTIAL);
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds("tr") });
    const once = completeTaskRun(flow, execution, "tr1", { state: "SUCCESS" }, at(1));
    expect(completeTaskRun(flow, once, "tr1", { state: "FAILED" }, at(2))).toBe(once);
  });

  it("renders outputs of earlier tasks in later ones", async () => {
    const { execution } = await runFlowInMemory({ flow: SEQUENTIAL });
    expect(runOf(execution, "b").outputs).toEqual({ value: "AB" });
  });

  it("skips disabled tasks without a task run and runIf false as SKIPPED", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: skip
namespace: tests
tasks:
  - id: off
    type: io.kestra.plugin.core.log.Log
    message: never
    disabled: true
  - id: no
    type: io.kestra.plugin.core.log.Log
    message: never
    runIf: "{{ 1 == 2 }}"
  - id: yes
    type: io.kestra.plugin.core.log.Log
    message: always
    runIf: "{{ 1 == 1 }}"
`,
    });
    expect(summary(execution)).toEqual(["no:SKIPPED", "yes:SUCCESS"]);
    expect(execution.state.current).toBe("SUCCESS");
  });
});

describe("advance: errors and finally", () => {
  const flow = `
id: branches
namespace: tests
tasks:
  - id: ok
    type: io.kestra.plugin.core.log.Log
    message: ok
  - id: boom
    type: io.kestra.plugin.core.execution.Fail
    errorMessage: "boom {{ task.id }}"
  - id: never
    type: io.kestra.plugin.core.log.Log
    message: never
errors:
  - id: on-error
    type: io.kestra.plugin.core.log.Log
    message: "errors: {% for l in errorLogs() %}{{ l.message }}{% endfor %}"
finally:
  - id: always
    type: io.kestra.plugin.core.log.Log
    message: always
`;

  it("runs errors then finally after a failure, and still ends FAILED", async () => {
    const { execution, logs } = await runFlowInMemory({ flow });
    expect(summary(execution)).toEqual(["ok:SUCCESS", "boom:FAILED", "on-error:SUCCESS", "always:SUCCESS"]);
    expect(execution.state.current).toBe("FAILED");
    expect(logs.find((l) => l.taskId === "on-error")?.message).toBe("errors: boom boom");
  });

  it("runs finally after success", async () => {
    const { execution } = await runFlowInMemory({ flow: flow.replace(/  - id: boom[\s\S]*?boom \{\{ task.id \}\}"\n/, "") });
    expect(summary(execution)).toEqual(["ok:SUCCESS", "never:SUCCESS", "always:SUCCESS"]);
    expect(execution.state.current).toBe("SUCCESS");
  });

  it("runs local errors of a flowable and fails it", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: local
namespace: tests
tasks:
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    tasks:
      - id: boom
        type: io.kestra.plugin.core.execution.Fail
      - id: skipped
        type: io.kestra.plugin.core.log.Log
        message: never
    errors:
      - id: handle
        type: io.kestra.plugin.core.log.Log
        message: handled
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: never
`,
    });
    expect(summary(execution)).toEqual(["seq:FAILED", "boom:FAILED", "handle:SUCCESS"]);
    expect(execution.state.current).toBe("FAILED");
  });
});

describe("advance: allowFailure and allowWarning", () => {
  it("turns a failed runnable into WARNING, and a flowable's failure too", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: allow
namespace: tests
tasks:
  - id: fail
    type: io.kestra.plugin.core.execution.Fail
    allowFailure: true
  - id: seq
    type: io.kestra.plugin.core.flow.Sequential
    allowFailure: true
    allowWarning: true
    tasks:
      - id: inner
        type: io.kestra.plugin.core.execution.Fail
  - id: next
    type: io.kestra.plugin.core.log.Log
    message: still runs
`,
    });
    expect(summary(execution)).toEqual(["fail:WARNING", "seq:SUCCESS", "inner:FAILED", "next:SUCCESS"]);
    expect(runOf(execution, "fail").attempts?.map((a) => a.state.current)).toEqual(["FAILED"]);
    expect(execution.state.current).toBe("WARNING");
  });
});
