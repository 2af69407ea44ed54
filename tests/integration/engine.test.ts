import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { deleteFlow, saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { killExecution, restartExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { setKv } from "@/db/queries/kv";
import { executionPrefix, getStorage } from "@/engine/storage/storage";
import { seedTenant } from "../helpers/seed";

let tenantId: string;

async function addFlow(tenant: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId: tenant }, (tx) => saveFlow(tx, { tenantId: tenant, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

beforeAll(async () => {
  tenantId = (await seedTenant()).id;
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

describe("the engine on the database", () => {
  test("a two-task flow runs to SUCCESS with its outputs and logs", async () => {
    await addFlow(
      tenantId,
      `id: hello
namespace: company.team
inputs:
  - id: name
    type: STRING
    defaults: world
tasks:
  - id: out
    type: io.kestra.plugin.core.output.OutputValues
    values:
      greeting: "hello {{ inputs.name }}"
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.out.values.greeting }}"
outputs:
  - id: said
    type: STRING
    value: "{{ outputs.out.values.greeting }}"
`,
    );
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "hello", inputs: { name: "Switchyard" } });
    const done = await waitForEnd(tenantId, started.id, 45_000);
    expect(done?.state.current).toBe("SUCCESS");
    expect(done?.outputs).toEqual({ said: "hello Switchyard" });
    expect(done?.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([
      ["out", "SUCCESS"],
      ["log", "SUCCESS"],
    ]);
    const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
    expect(logs.map((l) => l.message)).toContain("hello Switchyard");
  });

  test("a Sleep waits on a timer, and a kill ends it", async () => {
    await addFlow(
      tenantId,
      `id: sleepy
namespace: company.team
tasks:
  - id: nap
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT30S
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: never
`,
    );
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "sleepy", inputs: {} });
    await new Promise((r) => setTimeout(r, 500));
    await killExecution(tenantId, started.id);
    const done = await waitForEnd(tenantId, started.id, 10_000);
    expect(done?.state.current).toBe("KILLED");
    expect(done?.taskRunList.some((r) => r.taskId === "after")).toBe(false);
  });

  test("a subflow only finds flows of its own tenant", async () => {
    const other = (await seedTenant()).id;
    await addFlow(other, `id: child\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: other tenant\n`);
    await addFlow(
      tenantId,
      `id: parent
namespace: company.team
tasks:
  - id: call
    type: io.kestra.plugin.core.flow.Subflow
    namespace: company.team
    flowId: child
`,
    );
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "parent", inputs: {} });
    const done = await waitForEnd(tenantId, started.id, 20_000);
    expect(done?.state.current).toBe("FAILED");
    // Now the child exists in this tenant too: the same parent succeeds.
    await addFlow(tenantId, `id: child\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: own tenant\n`);
    const again = await startExecution({ tenantId, namespace: "company.team", flowId: "parent", inputs: {} });
    const ok = await waitForEnd(tenantId, again.id, 20_000);
    expect(ok?.state.current).toBe("SUCCESS");
  });
});

describe("afterExecution on the worker (Kestra's AfterExecutionTestCase)", () => {
  test("its tasks run once the execution ended, across passes (a Sleep), and the end's effects happen once", async () => {
    await addFlow(tenantId, `id: child-after\nnamespace: company.team\ntasks:\n  - id: work\n    type: io.kestra.plugin.core.log.Log\n    message: child\nafterExecution:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.3S\n  - id: said\n    type: io.kestra.plugin.core.log.Log\n    message: "child ended {{ execution.state }}"\n`);
    await addFlow(tenantId, `id: parent-after\nnamespace: company.team\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n    flowId: child-after\n`);
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "parent-after", inputs: {} });
    const parent = await waitForEnd(tenantId, started.id, 20_000);
    expect(parent?.state.current).toBe("SUCCESS");
    const childId = String(parent!.taskRunList[0].outputs!.executionId);
    let child = await waitForEnd(tenantId, childId, 1000);
    for (let i = 0; i < 100 && child?.taskRunList.find((r) => r.taskId === "said")?.state.current !== "SUCCESS"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      child = await waitForEnd(tenantId, childId, 100);
    }
    expect(child?.state.current).toBe("SUCCESS");
    expect(child?.taskRunList.map((r) => [r.taskId, r.state.current])).toEqual([
      ["work", "SUCCESS"],
      ["nap", "SUCCESS"],
      ["said", "SUCCESS"],
    ]);
    const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: childId }));
    expect(logs.map((l) => l.message)).toContain("child ended SUCCESS");
    // The parent's Subflow task was ended once, by the child's end, not again after its afterExecution.
    expect(parent!.taskRunList).toHaveLength(1);
  });
});

describe("Subflow restartBehavior on the worker", () => {
  test("RETRY_FAILED restarts the failed child in place when the parent is restarted", async () => {
    await addFlow(tenantId, `id: flaky-child\nnamespace: company.team\ntasks:\n  - id: maybe\n    type: io.kestra.plugin.core.execution.Fail\n    runIf: "{{ kv('flaky-fixed') == null }}"\n  - id: done\n    type: io.kestra.plugin.core.log.Log\n    message: done\n`);
    await addFlow(tenantId, `id: flaky-parent\nnamespace: company.team\ntasks:\n  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: company.team\n    flowId: flaky-child\n`);
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "flaky-parent", inputs: {} });
    const failed = await waitForEnd(tenantId, started.id, 20_000);
    expect(failed?.state.current).toBe("FAILED");
    const childId = String(failed!.taskRunList[0].outputs!.executionId);
    await withTenant({ tenantId }, (tx) => setKv(tx, { tenantId, namespace: "company.team", key: "flaky-fixed", value: true }));
    await restartExecution(tenantId, started.id);
    const ended = await waitForEnd(tenantId, started.id, 20_000);
    expect(ended?.state.current).toBe("SUCCESS");
    expect(ended!.taskRunList[0].outputs!.executionId).toBe(childId);
    const child = await waitForEnd(tenantId, childId, 5000);
    expect(child?.state.current).toBe("SUCCESS");
    expect(child!.state.histories.map((h) => h.state)).toContain("RESTARTED");
  });
});

describe("many log lines", () => {
  test("an execution that logs 20,000 lines in one pass ends and keeps every line", async () => {
    const messages = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => `line ${i}`));
    await addFlow(
      tenantId,
      `id: chatty\nnamespace: company.team\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: ${messages}\n  - id: b\n    type: io.kestra.plugin.core.log.Log\n    message: ${messages}\n`,
    );
    const started = await startExecution({ tenantId, namespace: "company.team", flowId: "chatty", inputs: {} });
    const done = await waitForEnd(tenantId, started.id, 60_000);
    expect(done?.state.current).toBe("SUCCESS");
    const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
    expect(logs.length).toBe(20_000);
  });
});

describe("starting executions", () => {
  test("an execution starts from the flow as it is now, though this process cached an older one", async () => {
    const source = (word: string, disabled = false) =>
      `id: cached\nnamespace: company.team\n${disabled ? "disabled: true\n" : ""}tasks:\n  - id: say\n    type: io.kestra.plugin.core.debug.Return\n    format: "${word}"\n`;
    const run = async () => {
      const started = await startExecution({ tenantId, namespace: "company.team", flowId: "cached", inputs: {} });
      return waitForEnd(tenantId, started.id, 20_000);
    };
    await addFlow(tenantId, source("one"));
    const first = await run();
    expect(first?.taskRunList[0].outputs).toEqual({ value: "one" });
    // Changed behind the cache's back, as another process (or the API) would.
    await addFlow(tenantId, source("two"));
    const second = await run();
    expect(second?.flowRevision).toBe(2);
    expect(second?.taskRunList[0].outputs).toEqual({ value: "two" });
    await addFlow(tenantId, source("two", true));
    await expect(run()).rejects.toMatchObject({ code: "conflict" });
    await withTenant({ tenantId }, (tx) => deleteFlow(tx, { tenantId, namespace: "company.team", id: "cached", authorId: null }));
    await expect(run()).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("storage and KV tasks on the worker", () => {
  test("files are sized, listed and purged in the execution's own storage; GetKeys reads the tenant's KV only", async () => {
    const other = (await seedTenant()).id;
    await withTenant({ tenantId: other }, (tx) => setKv(tx, { tenantId: other, namespace: "company.files", key: "foreign", value: 1 }));
    await withTenant({ tenantId }, (tx) => setKv(tx, { tenantId, namespace: "company.files", key: "mine", value: 2 }));
    await addFlow(
      tenantId,
      `id: files
namespace: company.files
tasks:
  - id: a
    type: io.kestra.plugin.core.storage.Write
    content: "one\\ntwo\\n"
    extension: .txt
  - id: rev
    type: io.kestra.plugin.core.storage.Reverse
    from: "{{ outputs.a.uri }}"
  - id: size
    type: io.kestra.plugin.core.storage.Size
    uri: "{{ outputs.rev.uri }}"
  - id: keys
    type: io.kestra.plugin.core.kv.GetKeys
  - id: purge
    type: io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles
`,
    );
    const started = await startExecution({ tenantId, namespace: "company.files", flowId: "files", inputs: {} });
    const done = await waitForEnd(tenantId, started.id, 20_000);
    expect(done?.state.current).toBe("SUCCESS");
    const outputs = (id: string) => done?.taskRunList.find((r) => r.taskId === id)?.outputs;
    expect(outputs("size")).toEqual({ size: 8 });
    expect(outputs("keys")).toEqual({ keys: ["mine"] });
    expect((outputs("purge")?.uris as string[]).sort()).toEqual([outputs("a")?.uri, outputs("rev")?.uri].sort());
    expect(await getStorage().list(tenantId, executionPrefix(done!))).toEqual([]);
  });
});
