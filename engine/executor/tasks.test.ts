import { describe, expect, it } from "vitest";
import { advance } from "./advance";
import { executeTaskRun } from "./execute";
import { runFlowInMemory } from "@/engine/memory";
import { MemoryKv, MemoryStorage, refuseHttp } from "@/engine/memory";
import type { HttpRequest, HttpResponse } from "./services";
import { counterIds, flowOf, newExecution, runOf, summary, T0 } from "./test-helpers";

const one = (task: string) => `
id: one
namespace: tests
tasks:
${task}
`;

describe("template escapes fail the task, not the process", () => {
  it.each([
    "{{ constructor.constructor('return process')() }}",
    "{{ outputs.__proto__.polluted }}",
    "{{ ''.constructor }}",
    "{{ range(1, 100000000) }}",
    "{{ inputs['__proto__']['toString'] }}",
    "{% for i in range(1, 3) %}{{ process.env }}{% endfor %}",
  ])("%s", async (message) => {
    const { execution, logs } = await runFlowInMemory({
      flow: one(`  - id: evil
    type: io.kestra.plugin.core.log.Log
    message: ${JSON.stringify(message)}
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: never`),
    });
    expect(summary(execution)).toEqual(["evil:FAILED"]);
    expect(execution.state.current).toBe("FAILED");
    expect(logs.filter((l) => l.level === "ERROR")).toHaveLength(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a broken runIf fails the task run", async () => {
    const { execution } = await runFlowInMemory({
      flow: one(`  - id: t
    type: io.kestra.plugin.core.log.Log
    message: x
    runIf: "{{ nope.nope }}"`),
    });
    expect(summary(execution)).toEqual(["t:FAILED"]);
  });
});

describe("task behaviours", () => {
  it("logs at the task's level, filtered by logLevel", async () => {
    const { logs } = await runFlowInMemory({
      flow: one(`  - id: warn
    type: io.kestra.plugin.core.log.Log
    message: ["one", "two {{ task.id }}"]
    level: WARN
  - id: quiet
    type: io.kestra.plugin.core.log.Log
    message: hidden
    level: DEBUG
    logLevel: INFO`),
    });
    expect(logs.map((l) => `${l.level} ${l.taskId} ${l.message}`)).toEqual(["WARN warn one", "WARN warn two warn"]);
    expect(logs[0].attemptNumber).toBe(1);
  });

  it("sets, gets and deletes KV entries through the injected store", async () => {
    const { execution, engine } = await runFlowInMemory({
      flow: one(`  - id: set
    type: io.kestra.plugin.core.kv.Set
    key: "k-{{ flow.id }}"
    value: "{{ {'a': 1} }}"
  - id: get
    type: io.kestra.plugin.core.kv.Get
    key: k-one
  - id: fn
    type: io.kestra.plugin.core.debug.Return
    format: "{{ kv('k-one').a }}"
  - id: del
    type: io.kestra.plugin.core.kv.Delete
    key: k-one
  - id: missing
    type: io.kestra.plugin.core.kv.Get
    key: k-one
    errorOnMissing: true`),
    });
    expect(runOf(execution, "get").outputs).toEqual({ value: { a: 1 } });
    expect(runOf(execution, "fn").outputs).toEqual({ value: "1" });
    expect(runOf(execution, "del").outputs).toEqual({ deleted: true });
    expect(runOf(execution, "missing").state.current).toBe("FAILED");
    expect(await engine.kv.get("tests", "k-one")).toBeNull();
  });

  it("expires KV entries with a ttl on the engine's clock", async () => {
    let now = T0.getTime();
    const kv = new MemoryKv(() => now);
    await kv.set("ns", "k", "v", { ttlMs: 1000 });
    expect((await kv.get("ns", "k"))?.value).toBe("v");
    now += 1000;
    expect(await kv.get("ns", "k")).toBeNull();
  });

  it("sends HTTP requests through the injected client and fails on error codes", async () => {
    const requests: HttpRequest[] = [];
    const http = async (request: HttpRequest): Promise<HttpResponse> => {
      requests.push(request);
      return request.url.endsWith("/missing")
        ? { status: 404, headers: {}, body: "no" }
        : { status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' };
    };
    const { execution } = await runFlowInMemory({
      services: { http },
      flow: one(`  - id: post
    type: io.kestra.plugin.core.http.Request
    uri: "https://example.test/{{ flow.id }}"
    method: POST
    body: '{"a": 1}'
    headers:
      X-Test: "{{ task.id }}"
  - id: missing
    type: io.kestra.plugin.core.http.Request
    uri: https://example.test/missing`),
    });
    expect(runOf(execution, "post").outputs).toMatchObject({ code: 200, body: '{"ok":true}' });
    expect(requests[0]).toMatchObject({ url: "https://example.test/one", method: "POST", body: '{"a": 1}' });
    expect(requests[0].headers).toMatchObject({ "X-Test": "post", "Content-Type": "application/json" });
    expect(runOf(execution, "missing").state.current).toBe("FAILED");
  });

  it("writes to internal storage under the execution", async () => {
    const { execution, engine } = await runFlowInMemory({
      flow: one(`  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "hello {{ flow.id }}"
    extension: .txt`),
    });
    const uri = String(runOf(execution, "write").outputs?.uri);
    expect(uri).toMatch(new RegExp(`^kestra:///tests/one/executions/${execution.id}/tasks/write/.+\\.txt$`));
    expect(engine.storage.text(uri)).toBe("hello one");
  });

  it("fails a task that exceeds its timeout", async () => {
    const flow = flowOf(one(`  - id: slow
    type: io.kestra.plugin.core.http.Request
    uri: https://example.test/slow
    timeout: PT0.05S`));
    const { execution } = await advance(flow, newExecution(flow), T0, { newId: counterIds("tr") });
    const storage = new MemoryStorage();
    const result = await executeTaskRun({
      flow,
      execution,
      taskRunId: "tr1",
      services: {
        kv: new MemoryKv(() => 0),
        storage: storage.forTaskRun(execution, "slow", "tr1", counterIds()),
        http: (request) => new Promise((_, reject) => request.signal?.addEventListener("abort", () => reject(new Error("aborted")))),
      },
    });
    expect(result.state).toBe("FAILED");
    expect(result.error).toBe("Timeout after PT0.05S");
  });

  it("refuses HTTP by default in the in-memory engine", async () => {
    await expect(refuseHttp({ url: "https://x.test", method: "GET", headers: {} })).rejects.toThrow(/disabled/);
  });
});
