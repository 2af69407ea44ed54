import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import type { Execution } from "@/engine/executor";
import { validateFlowSource } from "@/engine/flow/validate";
import { getStorage, uriToKey } from "@/engine/storage/storage";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/**
 * Issue 14: flow.WorkingDirectory on the real engine: a script task starts in the directory
 * LocalFiles filled and leaves its files for the next task; the directory belongs to one
 * execution of one tenant (two tenants running the same flow each see only their own files).
 */
beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

const FLOW = `id: wd
namespace: company.team
tasks:
  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    inputFiles:
      tenant.txt: "{{ inputs.who }}"
    tasks:
      - id: put
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          hello.txt: "Hello"
      - id: script
        type: io.kestra.plugin.scripts.shell.Commands
        commands:
          - ls *.txt | sort | tr '\\n' ' '
          - cat hello.txt tenant.txt > out.txt
          - mkdir -p sub && echo deep > sub/deep.txt
      - id: take
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs:
          - out.txt
          - sub/**
inputs:
  - id: who
    type: STRING
`;

async function run(tenantId: string, who: string): Promise<{ execution: Execution; messages: string[] }> {
  const parsed = validateFlowSource(FLOW);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source: FLOW, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace: "company.team", flowId: "wd", inputs: { who } });
  const execution = (await waitForEnd(tenantId, started.id, 30_000))!;
  const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
  return { execution, messages: logs.map((l) => l.message) };
}

describe("flow.WorkingDirectory on the real engine", () => {
  test("a script starts in the directory LocalFiles filled and leaves its files for the next task, per tenant", { timeout: 90_000 }, async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    const [ra, rb] = [await run(a, "alice"), await run(b, "bob")];
    for (const [r, tenantId, who] of [[ra, a, "alice"], [rb, b, "bob"]] as const) {
      expect(r.execution.state.current, r.messages.join("\n")).toBe("SUCCESS");
      // The script saw exactly this execution's files: no other tenant's, no other execution's.
      expect(r.messages).toContain("hello.txt tenant.txt ");
      const uris = r.execution.taskRunList.find((t) => t.taskId === "take")?.outputs?.uris as Record<string, string>;
      expect(Object.keys(uris).sort()).toEqual(["out.txt", "sub/deep.txt"]);
      const out = await getStorage().get(tenantId, uriToKey(uris["out.txt"]));
      expect(out?.toString()).toBe(`Hello${who}`);
      // The other tenant cannot read it, even with the same key.
      const other = tenantId === a ? b : a;
      expect(await getStorage().get(other, uriToKey(uris["out.txt"]))).toBeNull();
    }
  });

  test("cache: kept per tenant and flow in internal storage; another tenant's run of the same flow never sees it", async () => {
    const source = `id: wd-cache
namespace: company.team
inputs:
  - id: who
    type: STRING
tasks:
  - id: dir
    type: io.kestra.plugin.core.flow.WorkingDirectory
    cache:
      patterns: ["*.txt"]
      ttl: PT1H
    outputFiles: ["*.txt"]
    tasks:
      - id: seen
        type: io.kestra.plugin.core.storage.LocalFiles
        outputs: ["*.txt"]
      - id: write
        type: io.kestra.plugin.core.storage.LocalFiles
        inputs:
          who.txt: "{{ inputs.who }}"
`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    const runOnce = async (tenantId: string, who: string) => {
      await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
      const started = await startExecution({ tenantId, namespace: "company.team", flowId: "wd-cache", inputs: { who } });
      const execution = (await waitForEnd(tenantId, started.id, 30_000))!;
      expect(execution.state.current).toBe("SUCCESS");
      const seen = execution.taskRunList.find((t) => t.taskId === "seen")?.outputs?.uris as Record<string, string>;
      const kept = seen["who.txt"] ? (await getStorage().get(tenantId, uriToKey(seen["who.txt"])))?.toString() : undefined;
      const dir = execution.taskRunList.find((t) => t.taskId === "dir")?.outputs?.outputFiles as Record<string, string>;
      return { kept, outputFiles: Object.keys(dir) };
    };
    expect(await runOnce(a, "alice")).toEqual({ kept: undefined, outputFiles: ["who.txt"] });
    // Tenant B runs the same flow (same namespace, id and task id): A's cache is not B's.
    expect(await runOnce(b, "bob")).toEqual({ kept: undefined, outputFiles: ["who.txt"] });
    expect(await runOnce(a, "alice again")).toEqual({ kept: "alice", outputFiles: ["who.txt"] });
    expect(await runOnce(b, "bob again")).toEqual({ kept: "bob", outputFiles: ["who.txt"] });
    // The entry lives in each tenant's storage under the flow; the key means nothing in another tenant.
    const key = "company/team/wd-cache/working-directory.cache/dir/default/cache.json";
    expect(JSON.parse((await getStorage().get(a, key))!.toString()).files).toEqual({ "who.txt": Buffer.from("alice again").toString("base64") });
    expect(JSON.parse((await getStorage().get(b, key))!.toString()).files).toEqual({ "who.txt": Buffer.from("bob again").toString("base64") });
  });
});
