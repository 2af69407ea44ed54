import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { testDatabaseUrl } from "../helpers/test-db";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutions } from "@/db/queries/executions";
import { findExecutionLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startExecution } from "@/lib/server/executions/commands";
import type { Execution } from "@/engine/executor";
import { isTerminated } from "@/engine/executor/state";
import { seedTenant } from "../helpers/seed";

/**
 * Crash safety (DESIGN.md invariant 4): 200 executions, a worker process killed with
 * SIGKILL mid-way, a new one started; every execution ends, no task run is lost and none
 * runs its success path twice. Needs PostgreSQL: PGlite cannot be shared by processes.
 */
const onPostgres = process.env.SWITCHYARD_TEST_DB === "postgres";
const ROOT = path.resolve(__dirname, "../..");
const workers: ChildProcess[] = [];

function startWorkerProcess(url: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, SWITCHYARD_LEASE_MS: "2000", WORKER_CONCURRENCY: "32" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d) => process.stderr.write(`[worker ${child.pid}] ${d}`));
  workers.push(child);
  return child;
}

afterAll(() => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
});

async function states(tenantId: string): Promise<Execution[]> {
  const { results } = await withTenant({ tenantId }, (tx) => findExecutions(tx, { page: 1, size: 1000, scope: null }));
  return results.map((r) => r.document);
}

test.skipIf(!onPostgres)("200 executions survive a worker killed with SIGKILL", { timeout: 180_000 }, async () => {
  const tenantId = (await seedTenant()).id;
  const source = `id: crashy
namespace: crash.test
tasks:
  - id: first
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
  - id: middle
    type: io.kestra.plugin.core.log.Log
    message: "middle {{ execution.id }}"
  - id: second
    type: io.kestra.plugin.core.flow.Sleep
    duration: PT1S
  - id: done
    type: io.kestra.plugin.core.log.Log
    message: "done {{ execution.id }}"
`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error("flow");
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const url = testDatabaseUrl();

  const first = startWorkerProcess(url);
  const ids: string[] = [];
  for (let i = 0; i < 200; i++) ids.push((await startExecution({ tenantId, namespace: "crash.test", flowId: "crashy", inputs: {} })).id);

  // Kill the worker once some executions ended and others are still on the way.
  let ended = 0;
  for (let i = 0; i < 600; i++) {
    ended = (await states(tenantId)).filter((e) => isTerminated(e.state.current)).length;
    if (ended >= 20) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  first.kill("SIGKILL");
  expect(ended).toBeGreaterThanOrEqual(20);
  expect(ended).toBeLessThan(200);

  startWorkerProcess(url);
  let all: Execution[] = [];
  for (let i = 0; i < 1200; i++) {
    all = await states(tenantId);
    if (all.length === 200 && all.every((e) => isTerminated(e.state.current))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(all.length).toBe(200);
  expect(all.filter((e) => e.state.current !== "SUCCESS").map((e) => `${e.id} ${e.state.current}`)).toEqual([]);
  for (const e of all) {
    // No task run lost, none twice: exactly one SUCCESS run of each task.
    expect(e.taskRunList.map((r) => `${r.taskId}:${r.state.current}`)).toEqual(["first:SUCCESS", "middle:SUCCESS", "second:SUCCESS", "done:SUCCESS"]);
  }
  const logs = await withTenant({ tenantId }, async (tx) => {
    const lines = [];
    for (const id of ids) lines.push(...(await findExecutionLogs(tx, { executionId: id })));
    return lines;
  });
  const done = logs.filter((l) => l.message.startsWith("done "));
  const middle = logs.filter((l) => l.message.startsWith("middle "));
  expect(done.length).toBe(200);
  expect(new Set(done.map((l) => l.executionId)).size).toBe(200);
  expect(middle.length).toBe(200);
});
