import { describe, expect, it } from "vitest";
import { MemoryEngine } from "@/engine/memory";
import { summary } from "@/engine/executor/test-helpers";

/**
 * The execution and log tasks on the in-memory engine, each after its Kestra test
 * (core/src/test/java/io/kestra/plugin/core/execution/CountTest.java, PurgeExecutionsTest,
 * ResumeTest; core/.../log/FetchTest.java, PurgeLogsTest): other executions made first, the
 * task under test run in a flow of its own, its outputs read back.
 */
const hello = `
id: hello
namespace: tests.exec
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: first line
  - id: b
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: an error line
`;

const flow = (id: string, tasks: string, namespace = "tests.exec") => `
id: ${id}
namespace: ${namespace}
tasks:
${tasks}
`;

async function engineWith(...flows: string[]) {
  const engine = new MemoryEngine({ clock: Date.parse("2026-03-01T10:00:00Z") });
  engine.addFlow(hello);
  for (const f of flows) engine.addFlow(f);
  return engine;
}

async function runHello(engine: MemoryEngine, times: number) {
  const ids: string[] = [];
  for (let i = 0; i < times; i++) ids.push(engine.start({ namespace: "tests.exec", flowId: "hello" }).id);
  await engine.runUntilIdle();
  return ids;
}

async function runFlow(engine: MemoryEngine, flowId: string, namespace = "tests.exec") {
  const execution = engine.start({ namespace, flowId });
  await engine.runUntilIdle();
  const done = engine.get(execution.id);
  const outputs = (taskId: string) => done.taskRunList.find((r) => r.taskId === taskId)?.outputs ?? {};
  return { execution: done, outputs };
}

describe("execution.Count (CountTest)", () => {
  it("counts per listed flow, zeros included, keeps the rows the expression accepts", async () => {
    const engine = await engineWith(
      flow(
        "counter",
        `  - id: all
    type: io.kestra.plugin.core.execution.Count
    expression: "{{ count >= 0 }}"
    flows:
      - namespace: tests.exec
        flowId: hello
      - namespace: tests.exec
        flowId: missing
  - id: none
    type: io.kestra.plugin.core.execution.Count
    expression: "{{ count == 0 }}"
    flows:
      - { namespace: tests.exec, flowId: hello }
      - { namespace: tests.exec, flowId: missing }
  - id: ns
    type: io.kestra.plugin.core.execution.Count
    expression: "{{ count > 1 }}"
    states: [SUCCESS]
    namespaces: [tests.exec]`,
      ),
    );
    await runHello(engine, 3);
    const { execution, outputs } = await runFlow(engine, "counter");
    expect(summary(execution)).toEqual(["all:SUCCESS", "none:SUCCESS", "ns:SUCCESS"]);
    expect(outputs("all")).toEqual({
      results: [
        { namespace: "tests.exec", flowId: "hello", count: 3 },
        { namespace: "tests.exec", flowId: "missing", count: 0 },
      ],
      total: 3,
    });
    expect(outputs("none")).toEqual({ results: [{ namespace: "tests.exec", flowId: "missing", count: 0 }], total: 0 });
    // The namespace row sums the ended ones (the counter itself is still running).
    expect(outputs("ns")).toEqual({ results: [{ namespace: "tests.exec", flowId: null, count: 3 }], total: 3 });
  });

  it("fails with Kestra's message without flows or namespaces", async () => {
    const engine = await engineWith(flow("counter", `  - id: c\n    type: io.kestra.plugin.core.execution.Count\n    expression: "{{ true }}"`));
    const { execution } = await runFlow(engine, "counter");
    expect(execution.state.current).toBe("FAILED");
    expect(engine.logs.some((l) => l.message === "You must provide a list of flows or namespaces.")).toBe(true);
  });
});

describe("log.Fetch (FetchTest)", () => {
  it("writes this execution's lines at or above the level, of the listed tasks, into an Ion file", async () => {
    const engine = await engineWith(
      flow(
        "fetcher",
        `  - id: info
    type: io.kestra.plugin.core.log.Log
    message: hello from fetcher
  - id: err
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: boom
  - id: all
    type: io.kestra.plugin.core.log.Fetch
  - id: errors
    type: io.kestra.plugin.core.log.Fetch
    level: ERROR
  - id: one
    type: io.kestra.plugin.core.log.Fetch
    tasksId: [info]`,
      ),
    );
    const { execution, outputs } = await runFlow(engine, "fetcher");
    expect(execution.state.current).toBe("SUCCESS");
    expect(outputs("all").size).toBe(2);
    expect(outputs("errors").size).toBe(1);
    expect(outputs("one").size).toBe(1);
    const lines = engine.storage.text(String(outputs("errors").uri))!.trim().split("\n");
    expect(JSON.parse(lines[0])).toMatchObject({ taskId: "err", level: "ERROR", message: "boom", executionId: execution.id });
    expect(String(outputs("all").uri)).toMatch(/\.ion$/);
  });

  it("reads another execution of the same flow by id, and refuses one of another flow", async () => {
    const engine = await engineWith();
    const [helloId] = await runHello(engine, 1);
    engine.addFlow(flow("fetcher", `  - id: f\n    type: io.kestra.plugin.core.log.Fetch\n    executionId: ${helloId}\n    flowId: hello`));
    engine.addFlow(flow("wrong", `  - id: f\n    type: io.kestra.plugin.core.log.Fetch\n    executionId: ${helloId}`));
    const ok = await runFlow(engine, "fetcher");
    expect(ok.outputs("f").size).toBe(2);
    const wrong = await runFlow(engine, "wrong");
    expect(wrong.execution.state.current).toBe("FAILED");
    expect(engine.logs.some((l) => l.message === `No execution found for execution id ${helloId}`)).toBe(true);
  });
});

describe("log.PurgeLogs (PurgeLogsTest)", () => {
  it("deletes the lines of the namespace and levels before endDate, and counts them", async () => {
    const engine = await engineWith(
      flow(
        "purger",
        `  - id: purge
    type: io.kestra.plugin.core.log.PurgeLogs
    namespace: tests.exec
    flowId: hello
    logLevels: [INFO]
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"`,
      ),
    );
    const ids = await runHello(engine, 2);
    const { execution, outputs } = await runFlow(engine, "purger");
    expect(execution.state.current).toBe("SUCCESS");
    expect(outputs("purge").count).toBe(2);
    const left = engine.logs.filter((l) => ids.includes(l.executionId)).map((l) => l.level);
    expect(left).toEqual(["ERROR", "ERROR"]);
  });

  it("refuses an endDate that is not a date", async () => {
    const engine = await engineWith(flow("purger", `  - id: purge\n    type: io.kestra.plugin.core.log.PurgeLogs\n    endDate: yesterday`));
    const { execution } = await runFlow(engine, "purger");
    expect(execution.state.current).toBe("FAILED");
    expect(engine.logs.some((l) => l.message.startsWith("Invalid date 'yesterday' for `endDate`"))).toBe(true);
  });
});

describe("execution.PurgeExecutions (PurgeExecutionsTest)", () => {
  it("deletes ended executions of a flow with their logs, never itself", async () => {
    const engine = await engineWith(
      flow(
        "purger",
        `  - id: purge
    type: io.kestra.plugin.core.execution.PurgeExecutions
    namespace: tests.exec
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"
    states: [SUCCESS]`,
      ),
    );
    const ids = await runHello(engine, 2);
    const { execution, outputs } = await runFlow(engine, "purger");
    expect(execution.state.current).toBe("SUCCESS");
    expect(outputs("purge")).toMatchObject({ executionsCount: 2, logsCount: 4, metricsCount: 0, storagesCount: 0 });
    for (const id of ids) expect(engine.executions.has(id)).toBe(false);
    expect(engine.executions.has(execution.id)).toBe(true);
  });

  it("keeps everything outside the window or the states", async () => {
    const engine = await engineWith(
      flow(
        "purger",
        `  - id: purge
    type: io.kestra.plugin.core.execution.PurgeExecutions
    endDate: "2020-01-01T00:00:00Z"
  - id: states
    type: io.kestra.plugin.core.execution.PurgeExecutions
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"
    states: [FAILED]`,
      ),
    );
    const ids = await runHello(engine, 1);
    const { outputs } = await runFlow(engine, "purger");
    expect(outputs("purge").executionsCount).toBe(0);
    expect(outputs("states").executionsCount).toBe(0);
    expect(engine.executions.has(ids[0])).toBe(true);
  });
});

describe("execution.Resume (ResumeTest)", () => {
  it("resumes a paused execution by id with onResume inputs", async () => {
    const engine = await engineWith(
      flow(
        "paused",
        `  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    onResume:
      - id: answer
        type: STRING
  - id: after
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.pause.onResume.answer }}"`,
      ),
    );
    const paused = engine.start({ namespace: "tests.exec", flowId: "paused" });
    await engine.runUntil(() => engine.get(paused.id).state.current === "PAUSED");
    engine.addFlow(
      flow(
        "resumer",
        `  - id: resume
    type: io.kestra.plugin.core.execution.Resume
    executionId: ${paused.id}
    flowId: paused
    inputs:
      answer: "42"`,
      ),
    );
    const { execution, outputs } = await runFlow(engine, "resumer");
    expect(execution.state.current).toBe("SUCCESS");
    expect(outputs("resume").resumedExecution).toEqual({ id: paused.id, namespace: "tests.exec", flowId: "paused" });
    await engine.runUntilIdle();
    const done = engine.get(paused.id);
    expect(done.state.current).toBe("SUCCESS");
    expect(done.taskRunList.find((r) => r.taskId === "after")?.outputs?.value).toBe("42");
  });

  it("resumes its parent when no executionId is given (a subflow waking the flow that waits on it)", async () => {
    const engine = await engineWith(
      flow(
        "child",
        `  - id: resume
    type: io.kestra.plugin.core.execution.Resume`,
      ),
      flow(
        "parent",
        `  - id: both
    type: io.kestra.plugin.core.flow.Parallel
    tasks:
      - id: pause
        type: io.kestra.plugin.core.flow.Pause
      - id: start
        type: io.kestra.plugin.core.flow.Subflow
        namespace: tests.exec
        flowId: child
        wait: false`,
      ),
    );
    const { execution } = await runFlow(engine, "parent");
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.taskRunList.find((r) => r.taskId === "pause")?.state.histories.map((h) => h.state)).toContain("PAUSED");
  });

  it("fails clearly when the execution is not paused", async () => {
    const engine = await engineWith();
    const [id] = await runHello(engine, 1);
    engine.addFlow(flow("resumer", `  - id: r\n    type: io.kestra.plugin.core.execution.Resume\n    executionId: ${id}\n    flowId: hello`));
    const { execution } = await runFlow(engine, "resumer");
    expect(execution.state.current).toBe("FAILED");
    expect(engine.logs.some((l) => l.message === `Execution ${id} is not paused (SUCCESS)`)).toBe(true);
  });
});
