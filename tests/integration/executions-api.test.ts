import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { setKv } from "@/db/queries/kv";
import { findExecutions } from "@/db/queries/executions";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

let A: string;
let B: string;
let auth: string;
let routes: RouteFile[];
const route = (p: string) => routes.find((r) => r.pattern === `[tenant]/${p}`)!;

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

const typed = `id: typed
namespace: company.team
inputs:
  - id: count
    type: INT
  - id: when
    type: DATETIME
    required: false
  - id: color
    type: ENUM
    values: [red, green]
    defaults: red
  - id: code
    type: STRING
    validator: "[A-Z]{3}"
    required: false
  - id: ratio
    type: FLOAT
    min: 0
    max: 1
    required: false
  - id: day
    type: DATE
    after: "2024-01-01"
    required: false
  - id: site
    type: URI
    required: false
  - id: ids
    type: ARRAY
    itemType: INT
    required: false
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: "{{ inputs.count }}"
`;

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/executions") || p.startsWith("[tenant]/logs"));
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  auth = basicAuth((await seedUser({ access: [A, B], roles: { [A]: "admin", [B]: "admin" } })).email);
  await addFlow(A, typed);
  await addFlow(A, typed.replace("id: typed", "id: off").replace("tasks:", "disabled: true\ntasks:"));
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

const create = (tenant: string, flowId: string, form: Record<string, string>, query = "") => {
  const body = new URLSearchParams(form).toString();
  return call(route("executions/[executionId]/[id]"), "POST", {
    params: { tenant, executionId: "company.team", id: flowId },
    auth,
    rawBody: body,
    contentType: "application/x-www-form-urlencoded",
    query,
  });
};
const count = async (tenant: string) => (await withTenant({ tenantId: tenant }, (tx) => findExecutions(tx, { page: 1, size: 1, scope: null }))).total;

describe("creating executions: bad input is a clear 4xx and creates nothing", () => {
  test.each([
    ["a wrong input type", "typed", { count: "twelve" }, 422, "inputs.count"],
    ["a missing required input", "typed", {}, 422, "inputs.count"],
    ["a value outside an enum", "typed", { count: "1", color: "blue" }, 422, "inputs.color"],
    ["a bad date", "typed", { count: "1", when: "yesterday" }, 422, "inputs.when"],
    ["a string breaking its validator", "typed", { count: "1", code: "abcd" }, 422, "inputs.code"],
    ["a float above its max", "typed", { count: "1", ratio: "1.5" }, 422, "inputs.ratio"],
    ["a date before its after", "typed", { count: "1", day: "2023-05-01" }, 422, "inputs.day"],
    ["a malformed URI", "typed", { count: "1", site: "not a uri" }, 422, "inputs.site"],
    ["an array item of the wrong type", "typed", { count: "1", ids: '[1, "x"]' }, 422, "inputs.ids"],
    ["an oversized input", "typed", { count: "1", when: "x".repeat(300_000) }, 413, "inputs.when"],
    ["an unknown flow", "nope", { count: "1" }, 404, undefined],
    ["a disabled flow", "off", { count: "1" }, 409, undefined],
  ] as const)("%s", async (_label, flowId, form, status, path) => {
    const before = await count(A);
    const res = await create(A, flowId, form as Record<string, string>);
    expect(res.status).toBe(status);
    if (path) expect((res.json as { details: { path: string }[] }).details.map((d) => d.path)).toContain(path);
    // The message names the input as Kestra does: "Invalid input for `code`, it must match the pattern ...".
    if (path && status === 422) expect((res.json as { message: string }).message).toContain(path.slice("inputs.".length));
    expect(await count(A)).toBe(before);
  });

  test("a bad label in the query is a 422", async () => {
    const res = await create(A, "typed", { count: "1" }, "labels=nocolon");
    expect(res.status).toBe(422);
  });

  test("typed inputs are converted, labels kept, wait=true answers when it ends", async () => {
    const res = await create(A, "typed", { count: "42" }, "wait=true&labels=team:data");
    expect(res.status).toBe(200);
    const execution = res.json as { state: { current: string }; inputs: Record<string, unknown>; labels: { key: string; value: string }[]; url: string };
    expect(execution.state.current).toBe("SUCCESS");
    expect(execution.inputs).toMatchObject({ count: 42, color: "red" });
    expect(execution.labels).toContainEqual({ key: "team", value: "data" });
    expect(execution.url).toMatch(new RegExp(`^/ui/${A}/executions/company.team/typed/`));
  });
});

describe("an execution reaches nothing of another tenant", () => {
  test("kv() reads only its own tenant's store", async () => {
    await withTenant({ tenantId: B }, (tx) => setKv(tx, { tenantId: B, namespace: "company.team", key: "secret", value: "B-ONLY" }));
    await addFlow(A, `id: peek\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ kv('secret') ?? 'nothing' }}"\n`);
    const started = await startExecution({ tenantId: A, namespace: "company.team", flowId: "peek", inputs: {} });
    const done = await waitForEnd(A, started.id, 20_000);
    expect(done?.state.current).toBe("SUCCESS");
    expect(done?.taskRunList[0].outputs).toEqual({ value: "nothing" });
  });

  test("a file of B's execution cannot be downloaded through A's", async () => {
    const writer = `id: writer\nnamespace: company.team\ntasks:\n  - id: w\n    type: io.kestra.plugin.core.storage.Write\n    content: B-FILE\n    extension: .txt\n`;
    await addFlow(B, writer);
    await addFlow(A, writer.replace("B-FILE", "A-FILE"));
    const b = await waitForEnd(B, (await startExecution({ tenantId: B, namespace: "company.team", flowId: "writer", inputs: {} })).id, 20_000);
    const a = await waitForEnd(A, (await startExecution({ tenantId: A, namespace: "company.team", flowId: "writer", inputs: {} })).id, 20_000);
    const bUri = String(b!.taskRunList[0].outputs!.uri);
    const aUri = String(a!.taskRunList[0].outputs!.uri);
    const file = route("executions/[executionId]/file");
    const own = await call(file, "GET", { params: { tenant: A, executionId: a!.id }, auth, query: `path=${encodeURIComponent(aUri)}` });
    expect(own.status).toBe(200);
    expect(own.text).toBe("A-FILE");
    for (const path of [bUri, bUri.replace(b!.id, a!.id).replace(/\/w\/[^/]+\//, "/w/x/"), `kestra:///../${B}/x`, "kestra:///company/team/writer/executions/../../../etc/passwd"]) {
      const res = await call(file, "GET", { params: { tenant: A, executionId: a!.id }, auth, query: `path=${encodeURIComponent(path)}` });
      expect([404, 422]).toContain(res.status);
      expect(res.text).not.toContain("B-FILE");
    }
    // B's execution id under A's path is not found at all.
    const cross = await call(file, "GET", { params: { tenant: A, executionId: b!.id }, auth, query: `path=${encodeURIComponent(bUri)}` });
    expect(cross.status).toBe(404);
  });
});

describe("resuming a paused execution", () => {
  test("a missing or invalid onResume input is a 422 naming the field, and the execution stays paused", async () => {
    await addFlow(
      A,
      `id: gate\nnamespace: company.team\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n    onResume:\n      - id: reason\n        type: STRING\n      - id: level\n        type: INT\n        required: false\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ outputs.wait.onResume.reason }}"\n`,
    );
    const started = await startExecution({ tenantId: A, namespace: "company.team", flowId: "gate", inputs: {} });
    const paused = await waitForEnd(A, started.id, 2000);
    expect(paused?.state.current).toBe("PAUSED");
    const resume = (form: Record<string, string>) =>
      call(route("executions/[executionId]/resume"), "POST", {
        params: { tenant: A, executionId: started.id },
        auth,
        rawBody: new URLSearchParams(form).toString(),
        contentType: "application/x-www-form-urlencoded",
      });
    for (const [form, path] of [
      [{}, "inputs.reason"],
      [{ reason: "ok", level: "high" }, "inputs.level"],
    ] as const) {
      const res = await resume(form);
      expect(res.status, JSON.stringify(form)).toBe(422);
      expect((res.json as { details: { path: string }[] }).details.map((d) => d.path)).toContain(path);
    }
    expect((await waitForEnd(A, started.id, 200))?.state.current).toBe("PAUSED");
    const ok = await resume({ reason: "approved" });
    expect(ok.status).toBe(200);
    expect((await waitForEnd(A, started.id, 20_000))?.state.current).toBe("SUCCESS");
  });
});

describe("changing a task run's state (Kestra's POST /executions/{id}/state)", () => {
  const change = (executionId: string, body: unknown, tenant = A) =>
    call(route("executions/[executionId]/state"), "POST", { params: { tenant, executionId }, auth, body });

  // Kestra's ExecutionServiceTest.markAsEachPara / PauseTest: markAs RUNNING on a paused Pause resumes the execution.
  test("a PAUSED Pause without subtasks set to RUNNING resumes the execution; bad requests are 4xx", async () => {
    await addFlow(
      A,
      `id: hold\nnamespace: company.team\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n  - id: after\n    type: io.kestra.plugin.core.log.Log\n    message: resumed\n`,
    );
    const started = await startExecution({ tenantId: A, namespace: "company.team", flowId: "hold", inputs: {} });
    let paused = await waitForEnd(A, started.id, 500);
    for (let i = 0; i < 100 && paused?.state.current !== "PAUSED"; i++) paused = await waitForEnd(A, started.id, 200);
    expect(paused?.state.current).toBe("PAUSED");
    const wait = paused!.taskRunList.find((r) => r.taskId === "wait")!;

    expect((await change(started.id, { taskRunId: "nope", state: "RUNNING" })).status).toBe(422);
    expect((await change(started.id, { taskRunId: wait.id, state: "PAUSED" })).status).toBe(422);
    expect((await change(started.id, { taskRunId: wait.id })).status).toBe(422);
    // Another tenant's caller path does not find it.
    expect((await change(started.id, { taskRunId: wait.id, state: "RUNNING" }, B)).status).toBe(404);

    const res = await change(started.id, { taskRunId: wait.id, state: "RUNNING" });
    expect(res.status).toBe(200);
    const ended = await waitForEnd(A, started.id, 20_000);
    expect(ended?.state.current).toBe("SUCCESS");
    const run = ended!.taskRunList.find((r) => r.taskId === "wait")!;
    expect(run.state.histories.map((h) => h.state)).toEqual(["CREATED", "RUNNING", "PAUSED", "RUNNING", "SUCCESS"]);
    expect(ended!.taskRunList.find((r) => r.taskId === "after")?.state.current).toBe("SUCCESS");
  });

  // Kestra's ChangeStateTestCase: a FAILED task run marked SUCCESS lets the execution go on to its end.
  test("a FAILED task run set to SUCCESS: the execution carries on and ends SUCCESS", async () => {
    await addFlow(
      A,
      `id: mend\nnamespace: company.team\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n  - id: next\n    type: io.kestra.plugin.core.log.Log\n    message: carried on\n`,
    );
    const started = await startExecution({ tenantId: A, namespace: "company.team", flowId: "mend", inputs: {} });
    const failed = await waitForEnd(A, started.id, 20_000);
    expect(failed?.state.current).toBe("FAILED");
    const boom = failed!.taskRunList.find((r) => r.taskId === "boom")!;
    expect((await change(started.id, { taskRunId: boom.id, state: "RUNNING" })).status).toBe(422);
    expect((await change(started.id, { taskRunId: boom.id, state: "SUCCESS" })).status).toBe(200);
    const ended = await waitForEnd(A, started.id, 20_000);
    expect(ended?.state.current).toBe("SUCCESS");
    expect(ended!.taskRunList.find((r) => r.taskId === "next")?.state.current).toBe("SUCCESS");
  });
});
