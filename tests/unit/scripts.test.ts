import { describe, expect, test } from "vitest";
import { flowCompletionCatalog } from "@/lib/ui/flow-catalog";
import { validateFlowSource } from "@/engine/flow/validate";
import { globToRegExp } from "@/engine/tasks/scripts/glob";
import { ScriptSlots } from "@/engine/tasks/scripts/slots";

const TYPES = ["shell", "python", "node"].flatMap((l) => [`io.kestra.plugin.scripts.${l}.Commands`, `io.kestra.plugin.scripts.${l}.Script`]);

describe("script task types", () => {
  test("the editor completes each type and its properties", () => {
    const catalog = flowCompletionCatalog();
    for (const type of TYPES) {
      const entry = catalog.task.find((t) => t.type === type);
      expect(entry, type).toBeDefined();
      const names = entry!.properties.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(["beforeCommands", "interpreter", "env", "inputFiles", "outputFiles", "namespaceFiles", "warningOnStdErr", "containerImage", "taskRunner"]));
      expect(names).toContain(type.endsWith("Commands") ? "commands" : "script");
      expect(entry!.properties.find((p) => p.name === (type.endsWith("Commands") ? "commands" : "script"))?.required).toBe(true);
    }
  });

  test("validation names the wrong property", () => {
    const flow = (task: string) => validateFlowSource(`id: f\nnamespace: n\ntasks:\n  - id: t\n${task}`);
    expect(flow("    type: io.kestra.plugin.scripts.python.Script\n    script: print(1)\n    containerImage: python:3.11\n    taskRunner:\n      type: io.kestra.plugin.core.runner.Process\n").ok).toBe(true);
    const missing = flow("    type: io.kestra.plugin.scripts.shell.Commands\n");
    expect(JSON.stringify(missing)).toMatch(/commands/);
    const runner = flow("    type: io.kestra.plugin.scripts.node.Commands\n    commands: [node -v]\n    taskRunner:\n      type: io.kestra.plugin.ee.kubernetes.runner.Kubernetes\n");
    expect(runner.ok).toBe(false);
    expect(JSON.stringify(runner)).toMatch(/taskRunner.*only the Process task runner/);
  });
});

describe("outputFiles globs", () => {
  test("* stays in a folder, ** crosses folders, {a,b} alternates", () => {
    expect(globToRegExp("*.csv").test("out.csv")).toBe(true);
    expect(globToRegExp("*.csv").test("dir/out.csv")).toBe(false);
    expect(globToRegExp("**/*.csv").test("out.csv")).toBe(true);
    expect(globToRegExp("**/*.csv").test("a/b/out.csv")).toBe(true);
    expect(globToRegExp("out.{csv,json}").test("out.json")).toBe(true);
    expect(globToRegExp("out.csv").test("outXcsv")).toBe(false);
    expect(globToRegExp("file?.txt").test("file1.txt")).toBe(true);
  });
});

describe("script slots", () => {
  test("a full tenant waits while another tenant's script takes a free slot", async () => {
    const slots = new ScriptSlots({ perTenant: 2, total: 3 });
    const a1 = await slots.acquire("a");
    const a2 = await slots.acquire("a");
    let a3Granted = false;
    const a3 = slots.acquire("a").then((s) => ((a3Granted = true), s));
    const b1 = await slots.acquire("b");
    expect(slots.runningOf("a")).toBe(2);
    expect(slots.runningOf("b")).toBe(1);
    await Promise.resolve();
    expect(a3Granted).toBe(false);
    a1.release();
    const third = await a3;
    expect(slots.runningOf("a")).toBe(2);
    expect(new Set([a2.number, b1.number, third.number]).size).toBe(3);
  });

  test("the global cap holds, and an aborted wait leaves the queue", async () => {
    const slots = new ScriptSlots({ perTenant: 5, total: 1 });
    const first = await slots.acquire("a");
    const controller = new AbortController();
    const waiting = slots.acquire("b", controller.signal);
    controller.abort(new Error("killed"));
    await expect(waiting).rejects.toThrow("killed");
    first.release();
    expect(slots.inUse).toBe(0);
    const next = await slots.acquire("c");
    expect(next.number).toBe(0);
  });
});
