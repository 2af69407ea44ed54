import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { saveNamespaceSettings } from "@/db/queries/namespaces";
import type { Execution } from "@/engine/executor";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { readExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/**
 * Issue 14: execution.Count, Resume, PurgeExecutions and log.Fetch, PurgeLogs on the real
 * engine. Each acts only inside the running execution's tenant: tenant B holds the same
 * namespace and flow ids, and its executions and logs stay invisible and untouched. A flow
 * reaches another namespace's executions and logs only where that namespace allows it.
 */
beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

const HELLO = `id: hello
namespace: iso.exec
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: hello line
  - id: b
    type: io.kestra.plugin.core.log.Log
    level: ERROR
    message: error line
`;

const PAUSED = `id: paused
namespace: iso.exec
tasks:
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
`;

async function save(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  return parsed.flow;
}

async function run(tenantId: string, namespace: string, flowId: string): Promise<Execution> {
  const started = await startExecution({ tenantId, namespace, flowId, inputs: {} });
  const done = await waitForEnd(tenantId, started.id, 20_000);
  if (!done) throw new Error("execution did not end");
  return done;
}

async function until(tenantId: string, id: string, state: string): Promise<Execution> {
  for (let i = 0; i < 200; i++) {
    const e = await readExecution(tenantId, id);
    if (e?.state.current === state) return e;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`execution ${id} never reached ${state}`);
}

async function tool(tenantId: string, flowId: string, tasks: string, namespace = "iso.exec") {
  await save(tenantId, `id: ${flowId}\nnamespace: ${namespace}\ntasks:\n${tasks}`);
  const e = await run(tenantId, namespace, flowId);
  const outputs = (taskId: string) => e.taskRunList.find((r) => r.taskId === taskId)?.outputs ?? {};
  const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: e.id }));
  return { execution: e, outputs, messages: logs.map((l) => l.message) };
}

async function twoTenants() {
  const a = (await seedTenant()).id;
  const b = (await seedTenant()).id;
  for (const t of [a, b]) {
    await save(t, HELLO);
    await save(t, PAUSED);
  }
  const helloA = await run(a, "iso.exec", "hello");
  const helloB = await run(b, "iso.exec", "hello");
  await run(b, "iso.exec", "hello");
  return { a, b, helloA, helloB };
}

describe("execution and log tasks stay in their tenant", () => {
  test("Count counts tenant A's executions only; Fetch cannot read tenant B's execution", { timeout: 60_000 }, async () => {
    const { a, b, helloA, helloB } = await twoTenants();
    const count = await tool(a, "counter", `  - id: c
    type: io.kestra.plugin.core.execution.Count
    expression: "{{ count >= 0 }}"
    flows:
      - { namespace: iso.exec, flowId: hello }`);
    expect(count.outputs("c")).toEqual({ results: [{ namespace: "iso.exec", flowId: "hello", count: 1 }], total: 1 });

    const own = await tool(a, "fetcher", `  - id: f\n    type: io.kestra.plugin.core.log.Fetch\n    executionId: ${helloA.id}\n    flowId: hello`);
    expect(own.execution.state.current).toBe("SUCCESS");
    expect(own.outputs("f").size).toBe(2);
    const other = await tool(a, "fetcher2", `  - id: f\n    type: io.kestra.plugin.core.log.Fetch\n    executionId: ${helloB.id}\n    flowId: hello`);
    expect(other.execution.state.current).toBe("FAILED");
    expect(other.messages).toContain(`No execution found for execution id ${helloB.id}`);
    expect(b).not.toBe(a);
  });

  test("PurgeLogs and PurgeExecutions delete in tenant A, tenant B's same flow keeps everything", { timeout: 60_000 }, async () => {
    const { a, b, helloA, helloB } = await twoTenants();
    const logs = await tool(a, "purge-logs", `  - id: p
    type: io.kestra.plugin.core.log.PurgeLogs
    namespace: iso.exec
    flowId: hello
    logLevels: [INFO]
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"`);
    expect(logs.outputs("p").count).toBe(1);
    const linesA = await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: helloA.id }));
    expect(linesA.map((l) => l.level)).toEqual(["ERROR"]);
    const linesB = await withTenant({ tenantId: b }, (tx) => findExecutionLogs(tx, { executionId: helloB.id }));
    expect(linesB).toHaveLength(2);

    const purge = await tool(a, "purge-executions", `  - id: p
    type: io.kestra.plugin.core.execution.PurgeExecutions
    namespace: iso.exec
    flowId: hello
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"`);
    expect(purge.execution.state.current).toBe("SUCCESS");
    expect(purge.outputs("p")).toMatchObject({ executionsCount: 1, logsCount: 1 });
    expect(await readExecution(a, helloA.id)).toBeNull();
    expect(await readExecution(b, helloB.id)).not.toBeNull();
  });

  test("Resume cannot resume tenant B's paused execution; it resumes tenant A's", { timeout: 60_000 }, async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    for (const t of [a, b]) await save(t, PAUSED);
    const pausedA = await startExecution({ tenantId: a, namespace: "iso.exec", flowId: "paused", inputs: {} });
    const pausedB = await startExecution({ tenantId: b, namespace: "iso.exec", flowId: "paused", inputs: {} });
    await until(a, pausedA.id, "PAUSED");
    await until(b, pausedB.id, "PAUSED");

    const other = await tool(a, "resumer-b", `  - id: r\n    type: io.kestra.plugin.core.execution.Resume\n    executionId: ${pausedB.id}\n    flowId: paused`);
    expect(other.execution.state.current).toBe("FAILED");
    expect(other.messages).toContain(`No execution found for execution id ${pausedB.id}`);
    expect((await readExecution(b, pausedB.id))?.state.current).toBe("PAUSED");

    const own = await tool(a, "resumer-a", `  - id: r\n    type: io.kestra.plugin.core.execution.Resume\n    executionId: ${pausedA.id}\n    flowId: paused`);
    expect(own.execution.state.current).toBe("SUCCESS");
    expect((await waitForEnd(a, pausedA.id, 20_000))?.state.current).toBe("SUCCESS");
  });

  test("another namespace's executions and logs only where it allows the flow's namespace", { timeout: 60_000 }, async () => {
    const a = (await seedTenant()).id;
    await save(a, HELLO);
    const hello = await run(a, "iso.exec", "hello");
    const counter = `  - id: c
    type: io.kestra.plugin.core.execution.Count
    expression: "{{ true }}"
    namespaces: [iso.exec]
  - id: f
    type: io.kestra.plugin.core.log.Fetch
    namespace: iso.exec
    flowId: hello
    executionId: ${hello.id}`;
    const denied = await tool(a, "outsider", counter, "carol");
    expect(denied.execution.state.current).toBe("FAILED");
    expect(denied.messages.join("\n")).toContain("Namespace 'iso.exec' does not allow flows of namespace 'carol' to reach it (execution)");

    await withTenant({ tenantId: a }, (tx) => saveNamespaceSettings(tx, { tenantId: a, namespace: "iso.exec", allowedNamespaces: ["carol"] }));
    const allowed = await tool(a, "outsider2", counter, "carol");
    expect(allowed.execution.state.current).toBe("SUCCESS");
    expect(allowed.outputs("c")).toEqual({ results: [{ namespace: "iso.exec", flowId: null, count: 1 }], total: 1 });
    expect(allowed.outputs("f").size).toBe(2);

    // Without a namespace, a purge covers the namespaces the flow reaches only.
    const purge = await tool(a, "purger", `  - id: p
    type: io.kestra.plugin.core.log.PurgeLogs
    endDate: "{{ now() | dateAdd(1, 'DAYS') }}"`, "dave");
    expect(purge.outputs("p").count).toBe(0);
    expect(await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: hello.id }))).toHaveLength(2);
  });
});
