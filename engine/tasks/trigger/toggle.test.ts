import { describe, expect, it } from "vitest";
import { MemoryEngine } from "@/engine/memory";

/**
 * trigger.Toggle on the in-memory engine, after Kestra's ToggleTest
 * (core/src/test/java/io/kestra/plugin/core/trigger/ToggleTest.java): the task flips the
 * trigger's state, and a disabled Flow trigger then starts nothing.
 */
const listener = (namespace = "tests.toggle") => `
id: listener
namespace: ${namespace}
tasks:
  - id: hi
    type: io.kestra.plugin.core.log.Log
    message: started by {{ trigger.flowId }}
triggers:
  - id: on-upstream
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: tests.toggle
        flowId: upstream
`;

const upstream = `
id: upstream
namespace: tests.toggle
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: upstream
`;

const toggler = (props: string, namespace = "tests.toggle", type = "io.kestra.plugin.core.trigger.Toggle") => `
id: toggler
namespace: ${namespace}
tasks:
  - id: toggle
    type: ${type}
${props}
`;

async function run(engine: MemoryEngine, namespace: string, flowId: string) {
  const started = engine.start({ namespace, flowId });
  await engine.runUntilIdle();
  return engine.get(started.id);
}

const listenerRuns = (engine: MemoryEngine) => [...engine.executions.values()].filter((e) => e.flowId === "listener").length;

const errors = (engine: MemoryEngine, executionId: string) => engine.logs.filter((l) => l.executionId === executionId && l.level === "ERROR").map((l) => l.message).join("\n");

describe("trigger.Toggle (ToggleTest)", () => {
  it("disables a trigger (enabled is false by default, as in Kestra), and the alias enables it again", async () => {
    const engine = new MemoryEngine({ clock: Date.parse("2026-03-01T10:00:00Z") });
    for (const f of [listener(), upstream, toggler("    flowId: listener\n    trigger: on-upstream")]) engine.addFlow(f);

    await run(engine, "tests.toggle", "upstream");
    expect(listenerRuns(engine)).toBe(1);

    expect((await run(engine, "tests.toggle", "toggler")).state.current).toBe("SUCCESS");
    expect([...engine.disabledTriggers]).toEqual(["tests.toggle listener on-upstream"]);
    await run(engine, "tests.toggle", "upstream");
    expect(listenerRuns(engine)).toBe(1);

    // A new revision: the alias, the trigger id and `enabled` as expressions.
    engine.addFlow(toggler("    flowId: listener\n    trigger: \"{{ 'on-' ~ 'upstream' }}\"\n    enabled: \"{{ 1 == 1 }}\"", "tests.toggle", "io.kestra.core.tasks.trigger.Toggle"));
    expect((await run(engine, "tests.toggle", "toggler")).state.current).toBe("SUCCESS");
    expect(engine.disabledTriggers.size).toBe(0);
    await run(engine, "tests.toggle", "upstream");
    expect(listenerRuns(engine)).toBe(2);
  });

  it("fails with a clear message on an unknown flow or trigger", async () => {
    const engine = new MemoryEngine({ clock: Date.parse("2026-03-01T10:00:00Z") });
    engine.addFlow(listener());
    engine.addFlow(toggler("    flowId: nope\n    trigger: on-upstream"));
    let done = await run(engine, "tests.toggle", "toggler");
    expect(done.state.current).toBe("FAILED");
    expect(errors(engine, done.id)).toContain("Unable to find flow tests.toggle.nope");

    engine.addFlow(toggler("    flowId: listener\n    trigger: nope"));
    done = await run(engine, "tests.toggle", "toggler");
    expect(done.state.current).toBe("FAILED");
    expect(errors(engine, done.id)).toContain("Unable to find trigger nope for the flow tests.toggle.listener");
    expect(engine.disabledTriggers.size).toBe(0);
  });

  it("reaches a child namespace's trigger, never one outside the flow's reach", async () => {
    const engine = new MemoryEngine({ clock: Date.parse("2026-03-01T10:00:00Z") });
    engine.addFlow(listener("tests.toggle.child"));
    engine.addFlow(listener("other"));
    engine.addFlow(toggler("    namespace: tests.toggle.child\n    flowId: listener\n    trigger: on-upstream"));
    expect((await run(engine, "tests.toggle", "toggler")).state.current).toBe("SUCCESS");
    expect([...engine.disabledTriggers]).toEqual(["tests.toggle.child listener on-upstream"]);

    engine.addFlow(toggler("    namespace: other\n    flowId: listener\n    trigger: on-upstream"));
    const done = await run(engine, "tests.toggle", "toggler");
    expect(done.state.current).toBe("FAILED");
    expect(errors(engine, done.id)).toContain("Namespace 'other' does not allow flows of namespace 'tests.toggle'");
    expect(engine.disabledTriggers.has("other listener on-upstream")).toBe(false);
  });

  it("refuses a Toggle without a trigger id when the flow is saved", () => {
    const engine = new MemoryEngine();
    expect(() => engine.addFlow(toggler("    flowId: listener"))).toThrow(/trigger/);
  });
});
