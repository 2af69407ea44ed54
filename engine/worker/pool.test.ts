import { afterAll, describe, expect, test } from "vitest";
import { validateFlowSource } from "@/engine/flow/validate";
import { createExecution, type Execution, type LogEntry } from "@/engine/executor";
import { MemoryKv } from "@/engine/memory";
import { NO_SERVICES } from "@/engine/executor/services";
import { EnginePool, pickThread } from "./pool";
import type { PassHost, PassInput } from "./pass";

function flowOf(source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.flow;
}

const BURN = flowOf(`id: burn
namespace: company.team
tasks:
  - id: r0
    type: io.kestra.plugin.core.debug.Return
    format: "{% for i in range(1,999999) %}{% endfor %}"
`);

const KV = flowOf(`id: kv
namespace: company.team
tasks:
  - id: set
    type: io.kestra.plugin.core.kv.Set
    key: greeting
    value: "hello {{ execution.id }}"
  - id: get
    type: io.kestra.plugin.core.debug.Return
    format: "{{ kv('greeting') }}"
`);

const CHATTY = flowOf(`id: chatty
namespace: company.team
tasks:
  - id: each
    type: io.kestra.plugin.core.flow.ForEach
    values: "{{ range(1, 10) }}"
    concurrencyLimit: 0
    tasks:
      - id: l
        type: io.kestra.plugin.core.log.Log
        message: ${JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `line ${i}`))}
`);

// On the threads of hog-thread-entry.mjs, a pass of this flow computes without pause.
const HOG = flowOf(`id: hog
namespace: company.team
tasks:
  - id: r
    type: io.kestra.plugin.core.debug.Return
    format: never rendered
`);

function passOf(flow: typeof BURN, tenantId = "t1", cpuBudgetMs = 300): PassInput {
  const execution = createExecution({ flow, revision: 1, now: new Date() });
  return { tenantId, flow, execution, runningCount: 0, children: [], envs: {}, globals: {}, cpuBudgetMs, checkpointLines: 500 };
}

/** A host with an in-memory KV store, counting checkpoints. */
function memoryHost(kv = new MemoryKv(() => Date.now())) {
  const saved: { execution: Execution; lines: LogEntry[] }[] = [];
  const host: PassHost = {
    services: () => ({ ...NO_SERVICES, kv }),
    functions: () => ({
      kv: async (args) => (await kv.get(String(args.namespace ?? "company.team"), String(args.key)))?.value as never,
    }),
    startSubflow: async () => null,
    watchKill: () => ({ signal: new AbortController().signal, stop: () => {} }),
    writeLogs: async () => {},
    checkpoint: async (execution, lines) => {
      saved.push({ execution, lines });
      return true;
    },
  };
  return { host, saved, kv };
}

const pool = new EnginePool(2);
afterAll(() => pool.close());

describe("picking a thread for a pass", () => {
  test("the least busy thread; a tenant keeps to its share of threads, and others get the rest", () => {
    expect(pickThread([{ tenants: ["a"] }, { tenants: [] }], "b", 1)).toBe(1);
    // a already has a thread and may use only one: it queues there, not on b's thread.
    expect(pickThread([{ tenants: ["a", "a"] }, { tenants: [] }], "a", 1)).toBe(0);
    expect(pickThread([{ tenants: ["a", "a"] }, { tenants: [] }], "a", 2)).toBe(1);
    // Equal load: the thread that serves nobody else.
    expect(pickThread([{ tenants: ["a"] }, { tenants: ["b"] }, { tenants: ["c"] }], "b", 1)).toBe(1);
  });
});

describe("the engine pool", () => {
  test("a runaway template runs on a thread: the main event loop keeps ticking, and the task fails on its budget", async () => {
    let worstGap = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const { host, saved } = memoryHost();
    const result = await pool.run(passOf(BURN), host, ["kv"]);
    clearInterval(ticker);
    expect(result.kind).toBe("save");
    if (result.kind !== "save") return;
    expect(result.execution.state.current).toBe("FAILED");
    const lines = [...saved.flatMap((s) => s.lines), ...result.logs];
    expect(lines.map((l) => l.message).join("\n")).toContain("CPU time budget of 300 ms (TASK_CPU_BUDGET_MS)");
    expect(worstGap).toBeLessThan(250);
  }, 60_000);

  test("tasks on a thread reach the KV store and template functions of the main thread", async () => {
    const { host, kv } = memoryHost();
    const input = passOf(KV);
    const result = await pool.run(input, host, ["kv"]);
    expect(result.kind === "save" && result.execution.state.current).toBe("SUCCESS");
    expect((await kv.get("company.team", "greeting"))?.value).toBe(`hello ${input.execution.id}`);
    const get = result.kind === "save" ? result.execution.taskRunList.find((r) => r.taskId === "get") : undefined;
    expect(get?.outputs?.value).toBe(`hello ${input.execution.id}`);
  }, 60_000);

  test("a pass that logs 100,000 lines hands them over in slices, so that no save holds the main thread long", async () => {
    const { host, saved } = memoryHost();
    // The budget is not what this test is about: a loaded machine must not fail it on CPU time.
    const result = await pool.run(passOf(CHATTY, "t1", 20_000), host, ["kv"]);
    expect(result.kind === "save" && result.execution.state.current).toBe("SUCCESS");
    const sizes = saved.map((s) => s.lines.length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(result.kind === "save" && result.logs.length).toBeLessThan(500);
    const total = sizes.reduce((a, b) => a + b, 0) + (result.kind === "save" ? result.logs.length : 0);
    expect(total).toBe(100_000);
  }, 120_000);
});

describe("the watchdog behind the CPU budget", () => {
  const budget = `CPU time budget of 300 ms (TASK_CPU_BUDGET_MS)`;

  const hogs = new EnginePool(2, 1, "hog-thread-entry.mjs");
  afterAll(() => hogs.close());

  test("a pass that computes without pause past the stall limit fails, and its thread is replaced", async () => {
    const { host } = memoryHost();
    const at = Date.now();
    const result = await hogs.run(passOf(HOG), host, ["kv"]);
    expect(Date.now() - at).toBeLessThan(45_000);
    expect(result.kind).toBe("save");
    if (result.kind !== "save") return;
    // Its first pass saved nothing before the stall: the execution fails as a whole.
    expect(result.execution.state.current).toBe("FAILED");
    expect(result.logs.map((l) => l.message).join("\n")).toContain(budget);
    // The pool goes on with a fresh thread.
    const next = await hogs.run(passOf(KV), memoryHost().host, ["kv"]);
    expect(next.kind === "save" && next.execution.state.current).toBe("SUCCESS");
  }, 60_000);

  test("passes that shared the stopped thread are retried alone: the innocent one succeeds, the culprit fails", async () => {
    const single = new EnginePool(1, 1, "hog-thread-entry.mjs");
    try {
      const culprit = passOf(HOG, "hostile");
      const innocent = passOf(KV, "neighbour");
      const first = await Promise.all([single.run(culprit, memoryHost().host, ["kv"]), single.run(innocent, memoryHost().host, ["kv"])]);
      expect(first.map((r) => r.kind)).toEqual(["retry", "retry"]);
      const [again, neighbour] = await Promise.all([single.run(culprit, memoryHost().host, ["kv"]), single.run(innocent, memoryHost().host, ["kv"])]);
      expect(neighbour.kind === "save" && neighbour.execution.state.current).toBe("SUCCESS");
      expect(again.kind === "save" && again.execution.state.current).toBe("FAILED");
      expect(again.kind === "save" && again.logs.map((l) => l.message).join("\n")).toContain(budget);
    } finally {
      await single.close();
    }
  }, 90_000);
});
