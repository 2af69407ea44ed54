import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { runFlowInMemory } from "@/engine/memory";
import { counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";
import { outputsTree } from "./variables";

describe("Parallel", () => {
  const flow = (concurrent: number) => `
id: par
namespace: tests
tasks:
  - id: par
    type: io.kestra.plugin.core.flow.Parallel
    concurrent: ${concurrent}
    tasks:
      - id: a
        type: io.kestra.plugin.core.log.Log
        message: a
      - id: b
        type: io.kestra.plugin.core.log.Log
        message: b
      - id: c
        type: io.kestra.plugin.core.log.Log
        message: c
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: after
`;

  it("starts every child at once", async () => {
    const parsed = flowOf(flow(0));
    const { execution, actions } = await advance(parsed, newExecution(parsed), T0, { newId: counterIds() });
    expect(summary(execution)).toEqual(["par:RUNNING", "a:RUNNING", "b:RUNNING", "c:RUNNING"]);
    expect(actions.filter((a) => a.kind === "run")).toHaveLength(3);
  });

  it("keeps to its concurrency limit", async () => {
    const parsed = flowOf(flow(2));
    const { execution } = await advance(parsed, newExecution(parsed), T0, { newId: counterIds() });
    expect(summary(execution)).toEqual(["par:RUNNING", "a:RUNNING", "b:RUNNING"]);
  });

  it("ends when every child has ended, then the flow goes on", async () => {
    const { execution } = await runFlowInMemory({ flow: flow(2) });
    expect(summary(execution)).toEqual(["par:SUCCESS", "a:SUCCESS", "b:SUCCESS", "c:SUCCESS", "after:SUCCESS"]);
  });
});

describe("ForEach", () => {
  it("runs nested loops with taskrun.value, parent and parents, and keys outputs by value", async () => {
    const { execution } = await runFlowInMemory({
      flow: `
id: nested
namespace: tests
tasks:
  - id: outer
    type: io.kestra.plugin.core.flow.ForEach
    values: ["x", "y"]
    tasks:
      - id: inner
        type: io.kestra.plugin.core.flow.ForEach
        values: '[1, {"k": "v"}]'
        tasks:
          - id: ret
            type: io.kestra.plugin.core.debug.Return
            format: "{{ parent.taskrun.value }}/{{ taskrun.value }}/{{ parents[1].taskrun.value ?? '-' }}"
  - id: read
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.ret['y']['1'].value }}"
`,
    });
    expect(execution.state.current).toBe("SUCCESS");
    const tree = outputsTree(execution) as Record<string, Record<string, Record<string, unknown>>>;
    expect(tree.ret.x["1"]).toEqual({ value: "x/1/-" });
    expect(tree.ret.y['{"k":"v"}']).toEqual({ value: 'y/{"k":"v"}/-' });
    expect(runOf(execution, "read").outputs).toEqual({ value: "y/1/-" });
    expect(execution.taskRunList.filter((r) => r.taskId === "ret").map((r) => r.iteration)).toEqual([0, 1, 0, 1]);
  });

  it("runs one iteration at a time by default, each iteration's tasks in sequence", async () => {
    const flow = flowOf(`
id: seq-loop
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", "c"]
    tasks:
      - id: one
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
      - id: two
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
`);
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(summary(execution)).toEqual(["each:RUNNING", "one[a]:RUNNING"]);
  });

  it("runs up to concurrencyLimit iterations at once", async () => {
    const flow = flowOf(`
id: conc-loop
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: ["a", "b", "c"]
    concurrencyLimit: 2
    tasks:
      - id: one
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
      - id: two
        type: io.kestra.plugin.core.log.Log
        message: "{{ taskrun.value }}"
`);
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(summary(execution)).toEqual(["each:RUNNING", "one[a]:RUNNING", "one[b]:RUNNING"]);
  });

  it("succeeds over an empty list and fails over null values or a bad expression", async () => {
    const loop = (values: string) => `
id: loop
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: '${values}'
    tasks:
      - id: t
        type: io.kestra.plugin.core.log.Log
        message: x
`;
    expect((await runFlowInMemory({ flow: loop("[]") })).execution.state.current).toBe("SUCCESS");
    const nulls = await runFlowInMemory({ flow: loop("[null]") });
    expect(nulls.execution.state.current).toBe("FAILED");
    expect(nulls.logs.some((l) => l.message.includes("null values"))).toBe(true);
    expect((await runFlowInMemory({ flow: loop("{{ nope }}") })).execution.state.current).toBe("FAILED");
  });

  it("dedupes values and runs EachParallel children all at once", async () => {
    const flow = flowOf(`
id: each-par
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.EachParallel
    value: ["a", "b", "a"]
    tasks:
      - id: t
        type: io.kestra.plugin.core.log.Log
        message: x
`);
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(summary(execution)).toEqual(["each:RUNNING", "t[a]:RUNNING", "t[b]:RUNNING"]);
  });
});

describe("If and Switch", () => {
  const ifFlow = `
id: cond
namespace: tests
inputs:
  - id: go
    type: STRING
tasks:
  - id: if
    type: io.kestra.plugin.core.flow.If
    condition: "{{ inputs.go }}"
    then:
      - id: yes
        type: io.kestra.plugin.core.log.Log
        message: yes
    else:
      - id: no
        type: io.kestra.plugin.core.log.Log
        message: no
`;

  it.each([
    ["true", "yes"],
    ["1", "yes"],
    ["false", "no"],
    ["0", "no"],
    ["", "no"],
  ])("If %j runs %s", async (go, branch) => {
    const { execution } = await runFlowInMemory({ flow: ifFlow, inputs: { go }, inputsMode: "raw" });
    expect(summary(execution)).toEqual(["if:SUCCESS", `${branch}:SUCCESS`]);
  });

  it("Switch runs the matching case, else the defaults, and outputs the value", async () => {
    const flow = `
id: sw
namespace: tests
inputs:
  - id: v
    type: STRING
tasks:
  - id: sw
    type: io.kestra.plugin.core.flow.Switch
    value: "{{ inputs.v }}"
    cases:
      A:
        - id: a
          type: io.kestra.plugin.core.log.Log
          message: a
    defaults:
      - id: other
        type: io.kestra.plugin.core.debug.Return
        format: "{{ parent.outputs.value }}"
`;
    const a = await runFlowInMemory({ flow, inputs: { v: "A" } });
    expect(summary(a.execution)).toEqual(["sw:SUCCESS", "a:SUCCESS"]);
    expect(runOf(a.execution, "sw").outputs).toEqual({ value: "A", defaults: false });
    const z = await runFlowInMemory({ flow, inputs: { v: "Z" } });
    expect(summary(z.execution)).toEqual(["sw:SUCCESS", "other:SUCCESS"]);
    expect(runOf(z.execution, "other").outputs).toEqual({ value: "Z" });
  });
});

describe("Dag", () => {
  it("starts a task once its dependencies have ended", async () => {
    const flow = `
id: dag
namespace: tests
tasks:
  - id: dag
    type: io.kestra.plugin.core.flow.Dag
    tasks:
      - task:
          id: c
          type: io.kestra.plugin.core.log.Log
          message: c
        dependsOn: [a, b]
      - task:
          id: a
          type: io.kestra.plugin.core.log.Log
          message: a
      - task:
          id: b
          type: io.kestra.plugin.core.log.Log
          message: b
        dependsOn: [a]
`;
    const parsed = flowOf(flow);
    const first = await advance(parsed, newExecution(parsed), T0, { newId: counterIds() });
    expect(summary(first.execution)).toEqual(["dag:RUNNING", "a:RUNNING"]);
    const { execution } = await runFlowInMemory({ flow });
    expect(summary(execution)).toEqual(["dag:SUCCESS", "a:SUCCESS", "b:SUCCESS", "c:SUCCESS"]);
  });
});

describe("Sleep, Labels, OutputValues, flow outputs", () => {
  it("sleeps on a timer, updates labels and renders the flow's outputs", async () => {
    const flow = flowOf(`
id: misc
namespace: tests
labels:
  team: a
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT5M
  - id: labels
    type: io.kestra.plugin.core.execution.Labels
    labels:
      team: "{{ 'b' }}"
      run: "{{ taskrun.id }}"
  - id: values
    type: io.kestra.plugin.core.output.OutputValues
    values:
      n: 2
      s: "{{ labels.team }}"
outputs:
  - id: total
    type: INT
    value: "{{ outputs['values']['values'].n + 1 }}"
`);
    const start = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(summary(start.execution)).toEqual(["nap:RUNNING"]);
    expect(start.actions).toEqual([]);
    expect(start.wakeAt).toBe(new Date(T0.getTime() + 300_000).toISOString());

    const { execution } = await runFlowInMemory({ flow, clock: T0.getTime() });
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.labels).toContainEqual({ key: "team", value: "b" });
    expect(execution.labels).toContainEqual({ key: "run", value: runOf(execution, "labels").id });
    expect(runOf(execution, "values").outputs).toEqual({ values: { n: 2, s: "b" } });
    expect(execution.outputs).toEqual({ total: 3 });
  });

  it("fails the execution when its outputs cannot be rendered", async () => {
    const { execution, logs } = await runFlowInMemory({
      flow: `
id: bad-outputs
namespace: tests
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
outputs:
  - id: o
    type: STRING
    value: "{{ missing }}"
`,
    });
    expect(execution.state.current).toBe("FAILED");
    expect(execution.outputs).toBeNull();
    expect(logs.some((l) => l.level === "ERROR" && l.message.includes("missing"))).toBe(true);
  });
});
