import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { createSubflowExecution } from "./create";
import { enteredStateViews, flowTriggersFor, memoryPreconditionStore } from "./flow-triggers";
import { inFlightTaskRuns } from "./in-flight";
import { MemoryEngine, runFlowInMemory } from "@/engine/memory";
import { replay } from "./replay";
import { at, counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";
import type { Execution, SubflowAction } from "./types";
import { iterationValues } from "./variables";
import { webhookTrigger } from "./webhook";

describe("what a shell relies on", () => {
  it("lists the runs to send to workers again after a crash", async () => {
    const flow = flowOf(`
id: flight
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
        duration: PT1M
`);
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds() });
    expect(inFlightTaskRuns(flow, execution).map((r) => r.taskId)).toEqual(["work"]);
  });

  it("creates a subflow's child with typed inputs, or says why it cannot", () => {
    const child = flowOf(`
id: child
namespace: tests
inputs:
  - id: n
    type: INT
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
`);
    const action: SubflowAction = {
      kind: "subflow",
      taskRunId: "tr",
      executionId: "child1",
      namespace: "tests",
      flowId: "child",
      inputs: { n: "3" },
      labels: [{ key: "system.correlationId", value: "root" }],
      wait: true,
      transmitFailed: true,
      trigger: { id: "call", type: "io.kestra.plugin.core.flow.Subflow", variables: { executionId: "parent" } },
    };
    const created = createSubflowExecution(child, 2, action, T0);
    expect(created.ok && created.execution).toMatchObject({ id: "child1", flowRevision: 2, inputs: { n: 3 } });
    expect(created.ok && created.execution.labels).toEqual([{ key: "system.correlationId", value: "root" }]);
    const refused = createSubflowExecution(child, 2, { ...action, inputs: { n: "three" } }, T0);
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining("Invalid input for `n`") });
  });

  it("passes a subflow's outputs and failure to the parent task", async () => {
    const { execution, executions } = await runFlowInMemory({
      flows: [
        `
id: child
namespace: tests
inputs:
  - id: who
    type: STRING
tasks:
  - id: hello
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ inputs.who }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.hello.value }}"
`,
      ],
      flow: `
id: parent
namespace: tests
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: tests
    flowId: child
    inputs:
      who: "{{ flow.id }}"
  - id: use
    type: io.kestra.plugin.core.debug.Return
    format: "{{ outputs.call.outputs.greeting }}"
  - id: missing
    type: io.kestra.plugin.core.flow.Subflow
    namespace: tests
    flowId: nowhere
`,
    });
    expect(executions).toHaveLength(2);
    expect(runOf(execution, "call").outputs).toMatchObject({ state: "SUCCESS", outputs: { greeting: "hello parent" } });
    expect(runOf(execution, "use").outputs).toEqual({ value: "hello parent" });
    expect(runOf(execution, "missing").state.current).toBe("FAILED");
    expect(execution.state.current).toBe("FAILED");
  });

  it("fails or labels an execution that exceeds its SLA", async () => {
    const sla = (behavior: string) => `
id: slow
namespace: tests
sla:
  - id: max
    type: MAX_DURATION
    behavior: ${behavior}
    duration: PT1M
    labels:
      sla: missed
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1H
`;
    const failed = await runFlowInMemory({ flow: sla("FAIL"), clock: T0.getTime() });
    expect(failed.execution.state.current).toBe("FAILED");
    expect(failed.execution.state.endDate).toBe(at(60_000).toISOString());
    expect(summary(failed.execution)).toEqual(["nap:KILLED"]);
    expect(failed.execution.labels).toContainEqual({ key: "sla", value: "missed" });
    const labelled = await runFlowInMemory({ flow: sla("NONE"), clock: T0.getTime() });
    expect(labelled.execution.state.current).toBe("SUCCESS");
    expect(labelled.execution.labels).toContainEqual({ key: "sla", value: "missed" });
  });

  it("replays inside a sequential loop in Kestra's graph order, then completes", async () => {
    const yaml = `
id: loop
namespace: tests
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.EachSequential
    value: ["s1", "s2"]
    tasks:
      - id: first
        type: io.kestra.plugin.core.debug.Return
        format: "{{ taskrun.value }}"
      - id: second
        type: io.kestra.plugin.core.debug.Return
        format: "{{ outputs.first[taskrun.value].value }}"
  - id: end
    type: io.kestra.plugin.core.log.Log
    message: end
`;
    const engine = new MemoryEngine({ clock: T0.getTime() });
    engine.addFlow(yaml);
    const started = engine.start({ namespace: "tests", flowId: "loop" });
    await engine.runUntilIdle();
    const done = engine.get(started.id);
    const target = done.taskRunList.find((r) => r.taskId === "second" && iterationValues(done, r).join() === "s1");
    const replayed = replay(flowOf(yaml), done, target?.id ?? "", at(1000), counterIds("r"));
    // Every run of `first` comes before `second` in the graph: they stay.
    expect(summary(replayed)).toEqual(["each:RUNNING", "first[s1]:SUCCESS", "second[s1]:RESTARTED", "first[s2]:SUCCESS"]);

    const again = engine.replay(started.id, target?.id ?? "");
    await engine.runUntilIdle();
    expect(summary(engine.get(again.id))).toEqual([
      "each:SUCCESS",
      "first[s1]:SUCCESS",
      "second[s1]:SUCCESS",
      "first[s2]:SUCCESS",
      "second[s2]:SUCCESS",
      "end:SUCCESS",
    ]);
  });

  it("starts a webhook's execution only with the right (rendered) key", async () => {
    const flow = flowOf(`
id: hook
namespace: tests
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
triggers:
  - id: web
    type: io.kestra.plugin.core.trigger.Webhook
    key: "{{ flow.id }}-key"
`);
    const call = { method: "POST", parameters: { a: ["1", "2"] }, headers: {}, body: '{"x": 1}' };
    expect(await webhookTrigger(flow, "wrong", call)).toBeUndefined();
    expect(await webhookTrigger(flow, "hook-key", call)).toEqual({
      id: "web",
      type: "io.kestra.plugin.core.trigger.Webhook",
      variables: { body: { x: 1 }, headers: {}, parameters: { a: ["1", "2"] } },
    });
  });

  it("fires a Flow trigger when its upstream execution ends in one of its states", async () => {
    const upstream = flowOf(`
id: up
namespace: tests
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
`);
    const listener = flowOf(`
id: listener
namespace: tests
inputs:
  - id: from
    type: STRING
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
triggers:
  - id: on-up
    type: io.kestra.plugin.core.trigger.Flow
    states: [FAILED]
    inputs:
      from: "{{ trigger.executionId }}"
`);
    const ended = { ...newExecution(upstream), state: { ...newExecution(upstream).state, current: "FAILED" as const } };
    const fired = await flowTriggersFor([upstream, listener], ended, memoryPreconditionStore());
    expect(fired.map((f) => [f.flow.id, f.inputs])).toEqual([["listener", { from: "exec1" }]]);
    const success = { ...ended, state: { ...ended.state, current: "SUCCESS" as const } };
    expect(await flowTriggersFor([upstream, listener], success, memoryPreconditionStore())).toEqual([]);
  });
  it("fires a Flow trigger listing a non-terminal state on the transition into it, and no trigger by default (Kestra's FlowTriggerCaseTest.triggerWithPause)", async () => {
    const upstream = flowOf(`
id: up
namespace: tests
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
`);
    const listener = (states: string) =>
      flowOf(`
id: listener-${states ? "states" : "default"}
namespace: tests
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
triggers:
  - id: on-up
    type: io.kestra.plugin.core.trigger.Flow
${states}`);
    const listed = listener("    states: [RUNNING, PAUSED]\n");
    const byDefault = listener("");
    const created = newExecution(upstream);
    const inState = (s: Execution["state"]["current"], histories: Execution["state"]["histories"]) => ({ ...created, state: { ...created.state, current: s, histories } });
    const h = (...states: Execution["state"]["current"][]) => states.map((state) => ({ state, date: "2024-01-01T00:00:00Z" }));
    // One pass went CREATED → RUNNING → PAUSED: two transitions, each seen as the execution was then.
    const paused = inState("PAUSED", h("CREATED", "RUNNING", "PAUSED"));
    const views = enteredStateViews(paused, 1);
    expect(views.map((v) => [v.state.current, v.state.histories.length])).toEqual([["RUNNING", 2], ["PAUSED", 3]]);
    // Only what was not saved before counts; CREATED and terminal states are not among them.
    expect(enteredStateViews(paused, 3)).toEqual([]);
    expect(enteredStateViews(inState("SUCCESS", h("CREATED", "RUNNING", "SUCCESS")), 0).map((v) => v.state.current)).toEqual(["RUNNING"]);
    for (const view of views) {
      const fired = await flowTriggersFor([upstream, listed, byDefault], view, memoryPreconditionStore());
      expect(fired.map((f) => [f.flow.id, f.trigger.variables?.state])).toEqual([["listener-states", view.state.current]]);
    }
    // The default states are the terminal ones: the listener without `states` fires on the end only.
    const ended = await flowTriggersFor([upstream, listed, byDefault], inState("SUCCESS", h("CREATED", "RUNNING", "SUCCESS")), memoryPreconditionStore());
    expect(ended.map((f) => f.flow.id)).toEqual(["listener-default"]);
    expect(await flowTriggersFor([upstream, listed, byDefault], created, memoryPreconditionStore())).toEqual([]);
  });
});
