import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { completeTaskRun } from "./complete";
import { admit } from "./create";
import { resume } from "./mark-as";
import { MemoryEngine, runFlowInMemory } from "@/engine/memory";
import { replay } from "./replay";
import { restart } from "./restart";
import { kill } from "./terminate";
import { at, counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";

const PAUSE = `
id: approval
namespace: tests
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: reason
        type: STRING
      - id: count
        type: INT
        required: false
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.wait.onResume.reason }} {{ outputs.wait.onResume.count ?? 'none' }}"
`;

describe("pause and resume", () => {
  it("pauses until resumed, with typed onResume inputs", async () => {
    const flow = flowOf(PAUSE);
    const paused = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(paused.execution.state.current).toBe("PAUSED");
    expect(summary(paused.execution)).toEqual(["wait:PAUSED"]);
    expect(paused.wakeAt).toBeUndefined();

    expect(() => resume(flow, paused.execution, { count: "2" }, at(1000))).toThrow(/reason/);
    const resumed = resume(flow, paused.execution, { reason: "ok", count: "2" }, at(1000));
    expect(resumed.state.current).toBe("RESTARTED");
    expect(runOf(resumed, "wait").outputs).toEqual({ onResume: { reason: "ok", count: 2 } });
    const next = await advance(flow, resumed, at(1000), { newId: counterIds("n") });
    expect(summary(next.execution)).toEqual(["wait:SUCCESS", "after:RUNNING"]);
  });

  it("resumes by itself after pauseDuration and fails after a timeout", async () => {
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(`
id: delayed
namespace: tests
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT1H
  - id: timeout
    type: io.kestra.plugin.core.flow.Pause
    timeout: PT1M
`);
    const started = engine.start({ namespace: "tests", flowId: "delayed" });
    await engine.runUntilIdle();
    const execution = engine.get(started.id);
    expect(summary(execution)).toEqual(["wait:SUCCESS", "timeout:FAILED"]);
    // Kestra (PauseTest.runTimeout): a timed-out Pause goes PAUSED → FAILED, RUNNING once; a
    // delay resumes it through markAs RUNNING, then SUCCESS for a Pause without tasks.
    expect(runOf(execution, "wait").state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"]);
    expect(runOf(execution, "timeout").state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "FAILED"]);
    expect(execution.state.endDate).toBe(at(3_660_000).toISOString());
    expect(execution.state.current).toBe("FAILED");
  });
});

describe("markAs on a paused Pause", () => {
  it("PAUSED → RUNNING on a Pause without tasks resumes the execution (Kestra's ExecutionService.markAs)", async () => {
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(`
id: marked
namespace: tests
tasks:
  - id: wait
    type: io.kestra.plugin.core.flow.Pause
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "went on"
`);
    const started = engine.start({ namespace: "tests", flowId: "marked" });
    await engine.runUntilIdle();
    const paused = engine.get(started.id);
    expect(paused.state.current).toBe("PAUSED");
    engine.markAs(started.id, runOf(paused, "wait").id, "RUNNING");
    await engine.runUntilIdle();
    const done = engine.get(started.id);
    expect(summary(done)).toEqual(["wait:SUCCESS", "after:SUCCESS"]);
    expect(done.state.current).toBe("SUCCESS");
    expect(runOf(done, "wait").state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"]);
  });
});

describe("pause behaviors", () => {
  it.each([
    ["RESUME", "SUCCESS", 2],
    ["WARN", "WARNING", 2],
    ["FAIL", "FAILED", 1],
    ["CANCEL", "CANCELLED", 1],
  ])("after pauseDuration, %s ends the pause %s", async (behavior, state, runs) => {
    const { execution } = await runFlowInMemory({
      flow: `
id: behavior
namespace: tests
tasks:
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    pauseDuration: PT1S
    behavior: ${behavior}
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after
`,
    });
    expect(runOf(execution, "pause").state.current).toBe(state);
    expect(execution.taskRunList).toHaveLength(runs);
    expect(execution.state.current).toBe(state);
  });
});

describe("a CANCELLED task run (kestra-io/kestra#17062: it must not yield a SUCCESS execution)", () => {
  const cancelIn = (flowable: string, sibling: string) => `
id: cancelled
namespace: tests
tasks:
  - id: group
    type: io.kestra.plugin.core.flow.${flowable}
    tasks:
      - id: pause
        type: io.kestra.plugin.core.flow.Pause
        pauseDuration: PT1S
        behavior: CANCEL
${sibling}
  - id: last
    type: io.kestra.plugin.core.log.Log
    message: never
finally:
  - id: always
    type: io.kestra.plugin.core.log.Log
    message: finally runs
`;

  it("stops its Sequential and the flow's tasks (finally still runs) and ends the execution CANCELLED, with no task run left RUNNING", async () => {
    const { execution } = await runFlowInMemory({
      flow: cancelIn("Sequential", "      - id: after\n        type: io.kestra.plugin.core.log.Log\n        message: never"),
    });
    expect(summary(execution)).toEqual(["group:CANCELLED", "pause:CANCELLED", "always:SUCCESS"]);
    expect(execution.state.current).toBe("CANCELLED");
  });

  it("ends its Parallel CANCELLED once the running sibling has ended on its own", async () => {
    const { execution } = await runFlowInMemory({
      flow: cancelIn("Parallel", "      - id: sleep\n        type: io.kestra.plugin.core.flow.Sleep\n        duration: PT5S"),
    });
    expect(runOf(execution, "sleep").state.current).toBe("SUCCESS");
    expect(runOf(execution, "group").state.current).toBe("CANCELLED");
    expect(execution.taskRunList.some((r) => r.taskId === "last")).toBe(false);
    expect(execution.state.current).toBe("CANCELLED");
  });

  it("set by markAs on an ended execution, ends it CANCELLED (not SUCCESS)", async () => {
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(`
id: marked
namespace: tests
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: a
  - id: b
    type: io.kestra.plugin.core.log.Log
    message: b
`);
    const started = engine.start({ namespace: "tests", flowId: "marked" });
    await engine.runUntilIdle();
    const done = engine.get(started.id);
    expect(done.state.current).toBe("SUCCESS");
    engine.markAs(started.id, runOf(done, "b").id, "CANCELLED");
    await engine.runUntilIdle();
    const marked = engine.get(started.id);
    expect(summary(marked)).toEqual(["a:SUCCESS", "b:CANCELLED"]);
    expect(marked.state.current).toBe("CANCELLED");
  });
});

describe("kill", () => {
  it("kills running task runs, tells the shell, and ends KILLED", async () => {
    const flow = flowOf(`
id: k
namespace: tests
tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: work
        type: io.kestra.plugin.core.log.Log
        message: x
      - id: nap
        type: io.kestra.plugin.core.flow.Sleep
        duration: PT1H
`);
    const running = await advance(flow, newExecution(flow), T0, { newId: counterIds("tr") });
    const killing = kill(running.execution, at(5));
    expect(killing.state.current).toBe("KILLING");
    const killed = await advance(flow, killing, at(5), { newId: counterIds("x") });
    expect(killed.execution.state.current).toBe("KILLED");
    expect(summary(killed.execution)).toEqual(["par:KILLED", "work:KILLED", "nap:KILLED"]);
    expect(killed.actions).toEqual([{ kind: "kill", taskRunId: runOf(running.execution, "work").id }]);
    expect(runOf(killed.execution, "work").attempts?.map((a) => a.state.current)).toEqual(["KILLED"]);
    // A result arriving after the kill changes nothing.
    const late = completeTaskRun(flow, killed.execution, runOf(killed.execution, "work").id, { state: "SUCCESS" }, at(6));
    expect(late).toBe(killed.execution);
    expect(kill(killed.execution, at(7))).toBe(killed.execution);
  });

  it("kills a subflow's child execution too", async () => {
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(`
id: child
namespace: tests
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1H
`);
    engine.addFlow(`
id: parent
namespace: tests
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: tests
    flowId: child
`);
    const parent = engine.start({ namespace: "tests", flowId: "parent" });
    await engine.runUntil(() => [...engine.executions.values()].some((e) => e.flowId === "child" && e.state.current === "RUNNING"));
    engine.kill(parent.id);
    await engine.runUntilIdle();
    const child = [...engine.executions.values()].find((e) => e.flowId === "child");
    expect(engine.get(parent.id).state.current).toBe("KILLED");
    expect(child?.state.current).toBe("KILLED");
  });
});

describe("restart and replay", () => {
  const FLOW = `
id: rr
namespace: tests
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: a
  - id: b
    type: io.kestra.plugin.core.log.Log
    message: "{{ taskrun.attemptsCount == 1 ? 'ok' : ko }}"
  - id: c
    type: io.kestra.plugin.core.log.Log
    message: c
errors:
  - id: oops
    type: io.kestra.plugin.core.log.Log
    message: oops
`;

  async function failed() {
    const engine = new MemoryEngine({ clock: T0.getTime(), newId: counterIds() });
    engine.addFlow(FLOW);
    const started = engine.start({ namespace: "tests", flowId: "rr" });
    await engine.runUntilIdle();
    return { engine, execution: engine.get(started.id) };
  }

  it("restarts the failed task run in place, dropping the errors branch", async () => {
    const { engine, execution } = await failed();
    expect(summary(execution)).toEqual(["a:SUCCESS", "b:FAILED", "oops:SUCCESS"]);
    const restarted = restart(flowOf(FLOW), execution, at(1000));
    expect(restarted.id).toBe(execution.id);
    expect(restarted.state.current).toBe("RESTARTED");
    expect(summary(restarted)).toEqual(["a:SUCCESS", "b:RESTARTED"]);
    expect(restarted.metadata?.attemptNumber).toBe(2);

    engine.restart(execution.id);
    await engine.runUntilIdle();
    const end = engine.get(execution.id);
    expect(summary(end)).toEqual(["a:SUCCESS", "b:SUCCESS", "c:SUCCESS"]);
    expect(runOf(end, "b").attempts?.map((a) => a.state.current)).toEqual(["FAILED", "SUCCESS"]);
    expect(() => restart(flowOf(FLOW), end, at(2000))).toThrow(/No task/);
  });

  it("replays from a task run into a new execution, keeping what came before", async () => {
    const { execution } = await failed();
    const ids = counterIds("new");
    const replayed = replay(flowOf(FLOW), execution, runOf(execution, "b").id, at(1000), ids);
    expect(replayed.id).not.toBe(execution.id);
    expect(replayed.parentId).toBe(execution.id);
    expect(replayed.originalId).toBe(execution.originalId);
    expect(summary(replayed)).toEqual(["a:SUCCESS", "b:RESTARTED"]);
    expect(replayed.taskRunList.every((r) => r.executionId === replayed.id)).toBe(true);
    expect(runOf(replayed, "a").id).not.toBe(runOf(execution, "a").id);

    const fresh = replay(flowOf(FLOW), execution, null, at(1000), ids);
    expect(fresh.state.current).toBe("CREATED");
    expect(fresh.taskRunList).toEqual([]);
    expect(fresh.inputs).toEqual(execution.inputs);
  });
});

describe("concurrency", () => {
  const flow = (behavior: string) =>
    flowOf(`
id: limited
namespace: tests
concurrency:
  limit: 1
  behavior: ${behavior}
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
`);

  it.each([
    ["QUEUE", "QUEUED"],
    ["CANCEL", "CANCELLED"],
    ["FAIL", "FAILED"],
  ])("over the limit, %s makes it %s", (behavior, state) => {
    const f = flow(behavior);
    const decided = admit(f, newExecution(f), 1, T0);
    expect(decided.decision).toBe(behavior);
    expect(decided.execution.state.current).toBe(state);
  });

  it("under the limit, a created or queued execution runs", () => {
    const f = flow("QUEUE");
    const queued = admit(f, newExecution(f), 1, T0).execution;
    const admitted = admit(f, queued, 0, at(10));
    expect(admitted.decision).toBe("RUN");
    expect(admitted.execution.state.histories.map((h) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING"]);
  });

  it("in the engine, a queued execution starts when the first one ends", async () => {
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(`
id: one-at-a-time
namespace: tests
concurrency:
  limit: 1
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1M
`);
    const first = engine.start({ namespace: "tests", flowId: "one-at-a-time" });
    await engine.runUntil(() => engine.get(first.id).state.current === "RUNNING");
    const second = engine.start({ namespace: "tests", flowId: "one-at-a-time" });
    await engine.runUntilIdle();
    expect(engine.get(second.id).state.histories.map((h) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING", "SUCCESS"]);
    expect(engine.get(second.id).state.endDate).toBe(at(120_000).toISOString());
  });
});
