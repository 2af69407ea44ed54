import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/**
 * Issue 10, finding 5, attacked as the probe did: NUL bytes, lone surrogates, deep
 * nesting and undecodable paths reached SQL and answered 500; a template producing a NUL
 * left its execution stuck in CREATED. Each is now a 4xx naming the field, or a FAILED
 * task saying why.
 */

let routes: RouteFile[];
let auth: string;
let tenantId: string;
const route = (p: string) => routes.find((r) => r.pattern === p)!;
type Detail = { path: string; message: string };
const details = (json: unknown) => (json as { details: Detail[] }).details ?? [];

const FLOW = `id: ok
namespace: chars.ns
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hi
`;

beforeAll(async () => {
  routes = await loadRoutes(() => true);
  auth = basicAuth((await seedUser({ superAdmin: true })).email);
  tenantId = (await seedTenant()).id;
  const created = await call(route("[tenant]/flows"), "POST", { params: { tenant: tenantId }, auth, body: FLOW });
  expect(created.status).toBe(201);
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

function expect4xxNaming(res: { status: number; json: unknown; text: string }, field: string | RegExp) {
  expect(res.status, res.text).toBeGreaterThanOrEqual(400);
  expect(res.status, res.text).toBeLessThan(500);
  const paths = details(res.json).map((d) => d.path);
  if (typeof field === "string") expect(paths, res.text).toContain(field);
  else expect(paths.some((p) => field.test(p)), res.text).toBe(true);
}

describe("bad characters in requests", () => {
  test("a NUL in path ids → 400 naming the parameter", async () => {
    for (const [pattern, params, field] of [
      ["[tenant]/flows/[namespace]/[id]", { namespace: "chars.ns", id: "o\u0000k" }, "id"],
      ["[tenant]/flows/[namespace]/[id]", { namespace: "chars\u0000.ns", id: "ok" }, "namespace"],
      ["[tenant]/executions/[executionId]", { executionId: "abc\u0000" }, "executionId"],
      ["[tenant]/namespaces/[namespace]/kv/[key]", { namespace: "chars.ns", key: "k\u0000" }, "key"],
    ] as const) {
      const res = await call(route(pattern), "GET", { params: { tenant: tenantId, ...params }, auth });
      expect4xxNaming(res, field);
    }
  });

  test("an undecodable %ff%fe path segment → 400 naming it", async () => {
    const res = await call(route("[tenant]/flows/[namespace]/[id]"), "GET", { params: { tenant: tenantId, namespace: "chars.ns", id: "%ff%fe" }, auth });
    expect4xxNaming(res, "id");
  });

  test("a NUL in q= or labels= → 422 naming the parameter", async () => {
    const flows = await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth, query: "q=a%00b" });
    expect4xxNaming(flows, "q");
    const executions = await call(route("[tenant]/executions/search"), "GET", { params: { tenant: tenantId }, auth, query: "labels=a%00:b" });
    expect4xxNaming(executions, "labels");
  });

  test("KV values with a NUL, a lone surrogate or 5,000 levels of nesting → 4xx naming the value", async () => {
    const kv = route("[tenant]/namespaces/[namespace]/kv/[key]");
    const params = { tenant: tenantId, namespace: "chars.ns", key: "k" };
    expect4xxNaming(await call(kv, "PUT", { params, auth, rawBody: '"a\\u0000b"', contentType: "application/json" }), "value");
    expect4xxNaming(await call(kv, "PUT", { params, auth, rawBody: "a\u0000b", contentType: "text/plain" }), "value");
    expect4xxNaming(await call(kv, "PUT", { params, auth, rawBody: '{"x":"\\uD800"}', contentType: "application/json" }), "value.x");
    const deep = "[".repeat(5000) + "]".repeat(5000);
    expect4xxNaming(await call(kv, "PUT", { params, auth, rawBody: deep, contentType: "application/json" }), /^value\[0\]/);
    const missing = await call(kv, "GET", { params, auth });
    expect(missing.status).toBe(404);
  });

  test("a role name with a NUL → 422 naming name", async () => {
    const res = await call(route("[tenant]/roles"), "POST", { params: { tenant: tenantId }, auth, body: { name: "ad\u0000min", permissions: { FLOW: ["READ"] } } });
    expect4xxNaming(res, "name");
  });

  test("flow YAML with a NUL (raw or escaped) or a lone surrogate → 422 naming where", async () => {
    const flows = route("[tenant]/flows");
    const escaped = await call(flows, "POST", { params: { tenant: tenantId }, auth, body: FLOW.replace("message: hi", 'message: "h\\0i"') });
    expect4xxNaming(escaped, "tasks[0].message");
    const surrogate = await call(flows, "POST", { params: { tenant: tenantId }, auth, body: FLOW.replace("message: hi", 'message: "\\uD800"') });
    expect4xxNaming(surrogate, "tasks[0].message");
    const raw = await call(flows, "POST", { params: { tenant: tenantId }, auth, body: FLOW.replace("message: hi", "message: h\u0000i") });
    expect(raw.status).toBe(422);
    expect(raw.text).toContain("NUL");
    const validate = await call(route("[tenant]/flows/validate"), "POST", { params: { tenant: tenantId }, auth, body: FLOW.replace("message: hi", 'message: "h\\0i"') });
    expect(validate.status).toBeLessThan(500);
    expect(validate.text).toContain("NUL");
  });
});

describe("values the engine cannot store", () => {
  test("a template returning a NUL fails its task with a message; the execution ends", async () => {
    const source = `id: nul
namespace: chars.ns
tasks:
  - id: ret
    type: io.kestra.plugin.core.debug.Return
    format: |-
      {{ fromJson('"a\\u0000b"') }}
  - id: kv
    type: io.kestra.plugin.core.kv.Set
    key: nul
    value: |-
      {{ fromJson('"a\\u0000b"') }}
`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
    const started = await startExecution({ tenantId, namespace: "chars.ns", flowId: "nul", inputs: {} });
    const done = await waitForEnd(tenantId, started.id, 20_000);
    expect(done?.state.current).toBe("FAILED");
    const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id, minLevel: "ERROR" }));
    expect(logs.map((l) => l.message).join("\n")).toContain("The task's outputs.value cannot be stored: it contains a NUL character");
  });

  test("a KV value with a NUL written by a task fails that task with a message", async () => {
    const source = `id: nulkv
namespace: chars.ns
tasks:
  - id: kv
    type: io.kestra.plugin.core.kv.Set
    key: nul
    value: |-
      {{ fromJson('"a\\u0000b"') }}
`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
    const started = await startExecution({ tenantId, namespace: "chars.ns", flowId: "nulkv", inputs: {} });
    const done = await waitForEnd(tenantId, started.id, 20_000);
    expect(done?.state.current).toBe("FAILED");
    const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id, minLevel: "ERROR" }));
    expect(logs.map((l) => l.message).join("\n")).toContain("cannot be stored");
  });
});
