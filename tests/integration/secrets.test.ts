import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { getDataKeyRow } from "@/db/queries/secrets";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { masterKey, masterKeyFrom } from "@/lib/secrets/crypto";
import { resolveSecret, rotateMasterKey } from "@/lib/secrets/crypto-store";
import { newId } from "@/lib/ids";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { rows } from "../helpers/sql";

/**
 * Issue 12 item 1: secrets are write-only (no answer, row, log or audit entry holds a value),
 * encrypted per tenant, resolved by `secret()` up the namespace chain and never across
 * tenants, and masked wherever a flow shows them.
 */

let routes: Record<string, RouteFile>;
beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
  const all = await loadRoutes((p) => p.startsWith("[tenant]"));
  routes = Object.fromEntries(all.map((r) => [r.pattern, r]));
});
afterAll(async () => {
  await stopEngine();
});

const SECRETS = "[tenant]/namespaces/[namespace]/secrets";
const SECRET = "[tenant]/namespaces/[namespace]/secrets/[key]";

async function side() {
  const tenant = await seedTenant();
  const admin = await seedUser({ access: [tenant.id], roles: { [tenant.id]: "admin" } });
  const auth = basicAuth(admin.email);
  const put = (namespace: string, body: unknown) => call(routes[SECRETS], "PUT", { params: { tenant: tenant.id, namespace }, auth, body });
  return { id: tenant.id, auth, put };
}

async function run(tenantId: string, namespace: string, body: string, extra = "") {
  const flowId = `f-${newId(6).toLowerCase()}`;
  const source = `id: ${flowId}\nnamespace: ${namespace}\n${extra}tasks:\n${body}`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  return { flowId, parsed };
}

async function execute(tenantId: string, namespace: string, body: string, extra = "", inputs: Record<string, unknown> = {}) {
  const { flowId } = await run(tenantId, namespace, body, extra);
  const started = await startExecution({ tenantId, namespace, flowId, inputs });
  const done = await waitForEnd(tenantId, started.id, 20_000);
  if (!done) throw new Error("execution did not end");
  const logs = await call(routes["[tenant]/logs/[executionId]"], "GET", { params: { tenant: tenantId, executionId: done.id }, auth: (await admins(tenantId)) });
  return { done, logs: logs.text };
}

const adminAuth = new Map<string, string>();
async function admins(tenantId: string) {
  let auth = adminAuth.get(tenantId);
  if (!auth) {
    auth = basicAuth((await seedUser({ access: [tenantId], roles: { [tenantId]: "admin" } })).email);
    adminAuth.set(tenantId, auth);
  }
  return auth;
}

const returnOf = (expr: string) => `  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ ${expr} }}"\n`;

describe("API: values are write-only", () => {
  test("PUT, list, PATCH and DELETE never answer a value; bad input is a 422 naming the field", async () => {
    const a = await side();
    const value = `v-${newId(16)}`;
    const created = await a.put("app.team", { key: "DB_PASSWORD", value, description: "the db", tags: [{ key: "env", value: "prod" }] });
    expect(created.status, created.text).toBe(200);
    expect(created.json).toEqual([expect.objectContaining({ key: "DB_PASSWORD", description: "the db", tags: [{ key: "env", value: "prod" }] })]);
    const list = await call(routes[SECRETS], "GET", { params: { tenant: a.id, namespace: "app.team" }, auth: a.auth });
    expect(list.json).toMatchObject({ readOnly: false, total: 1, results: [{ key: "DB_PASSWORD" }] });
    const next = `n-${newId(16)}`;
    const patched = await call(routes[SECRET], "PATCH", { params: { tenant: a.id, namespace: "app.team", key: "DB_PASSWORD" }, auth: a.auth, body: { value: next } });
    expect(patched.status, patched.text).toBe(204);
    expect(await resolveSecret(a.id, "app.team", "DB_PASSWORD")).toBe(next);
    const inherited = await call(routes["[tenant]/namespaces/[namespace]/inherited-secrets"], "GET", { params: { tenant: a.id, namespace: "app.team.etl" }, auth: a.auth });
    expect(inherited.json).toEqual({ "app.team": ["DB_PASSWORD"] });

    const bad = [
      await a.put("app.team", { key: "bad key", value }),
      await a.put("app.team", { key: "K", value: "" }),
      await a.put("app.team", { key: "K", value, extra: 1 }),
      await call(routes[SECRET], "PATCH", { params: { tenant: a.id, namespace: "app.team", key: "DB_PASSWORD" }, auth: a.auth, body: { value: 42 } }),
    ];
    expect(bad.map((r) => r.status)).toEqual([422, 422, 422, 422]);
    expect((bad[0].json as { details: { path: string }[] }).details[0].path).toBe("key");
    for (const r of [created, list, patched, inherited, ...bad]) {
      expect(r.text).not.toContain(value);
      expect(r.text).not.toContain(next);
    }
    const missing = await call(routes[SECRET], "DELETE", { params: { tenant: a.id, namespace: "app.team", key: "NOPE" }, auth: a.auth });
    expect(missing.status).toBe(404);
    const deleted = await call(routes[SECRET], "DELETE", { params: { tenant: a.id, namespace: "app.team", key: "DB_PASSWORD" }, auth: a.auth });
    expect(deleted.status).toBe(204);
    expect(await resolveSecret(a.id, "app.team", "DB_PASSWORD")).toBeNull();
  });

  test("tenant B's secrets are invisible and untouchable from A, with the same namespace and key", async () => {
    const a = await side();
    const b = await side();
    await b.put("same.ns", { key: "TOKEN", value: `b-${newId(12)}`, description: "B's" });
    const list = await call(routes[SECRETS], "GET", { params: { tenant: a.id, namespace: "same.ns" }, auth: a.auth });
    expect(list.json).toMatchObject({ total: 0, results: [] });
    const onB = await call(routes[SECRETS], "GET", { params: { tenant: b.id, namespace: "same.ns" }, auth: a.auth });
    expect(onB.status).toBe(404);
    const del = await call(routes[SECRET], "DELETE", { params: { tenant: a.id, namespace: "same.ns", key: "TOKEN" }, auth: a.auth });
    expect(del.status).toBe(404);
    const patch = await call(routes[SECRET], "PATCH", { params: { tenant: b.id, namespace: "same.ns", key: "TOKEN" }, auth: a.auth, body: { value: "hijacked" } });
    expect(patch.status).toBe(404);
    expect(await resolveSecret(b.id, "same.ns", "TOKEN")).toMatch(/^b-/);
  });
});

describe("secret() in flows", () => {
  test("resolves in the namespace, then its parents, nearest first; never another tenant's", async () => {
    const a = await side();
    const b = await side();
    const top = `top-${newId(12)}`;
    const mid = `mid-${newId(12)}`;
    await a.put("co", { key: "TOKEN", value: top });
    await a.put("co", { key: "ONLY_TOP", value: top });
    await a.put("co.team", { key: "TOKEN", value: mid });
    await b.put("co.team.etl", { key: "TOKEN", value: "from-tenant-b" });
    await b.put("co.team.etl", { key: "B_ONLY", value: "from-tenant-b" });

    const nearest = await execute(a.id, "co.team.etl", returnOf(`secret('TOKEN') == '${mid}'`) + returnOf(`secret('ONLY_TOP') == '${top}'`).replace("id: r", "id: r2"));
    expect(nearest.done.state.current).toBe("SUCCESS");
    expect(nearest.done.taskRunList.map((t) => t.outputs?.value)).toEqual(["true", "true"]);

    const foreign = await execute(a.id, "co.team.etl", returnOf("secret('B_ONLY')"));
    expect(foreign.done.state.current).toBe("FAILED");
    expect(foreign.logs).toContain("Cannot find secret for key 'B_ONLY'.");
    expect(foreign.logs).not.toContain("from-tenant-b");
  });

  test("a namespace outside the flow's is reached only when it allows it", async () => {
    const a = await side();
    await a.put("other", { key: "K", value: `o-${newId(12)}` });
    const denied = await execute(a.id, "mine", returnOf("secret('K', namespace='other')"));
    expect(denied.done.state.current).toBe("FAILED");
    expect(denied.logs).toContain("does not allow flows of namespace 'mine' to reach it (secret)");
  });

  test("rendered values are masked in logs, outputs, errors, the execution and every table row", async () => {
    const a = await side();
    const value = `plain-${newId(20)}`;
    const json = JSON.stringify({ user: "svc", password: `pw-${newId(20)}` });
    await a.put("mask.ns", { key: "API_KEY", value });
    await a.put("mask.ns", { key: "JSON", value: json });
    const body =
      `  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "key is {{ secret('API_KEY') }}, pw {{ secret('JSON', subkey='password') }}"\n` +
      returnOf("secret('API_KEY') ~ '/suffix'") +
      `  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n    errorMessage: "failed with {{ secret('API_KEY') }}"\n`;
    const extra = `outputs:\n  - id: out\n    type: STRING\n    value: "{{ outputs.r.value }}"\n`;
    const { done, logs } = await execute(a.id, "mask.ns", body, extra);
    expect(done.state.current).toBe("FAILED");
    expect(logs).toContain("key is ******, pw ******");
    expect(logs).toContain("failed with ******");
    expect(done.taskRunList.find((t) => t.taskId === "r")?.outputs?.value).toBe("******/suffix");
    const password = JSON.parse(json).password as string;

    const execution = await call(routes["[tenant]/executions/[executionId]"], "GET", { params: { tenant: a.id, executionId: done.id }, auth: a.auth });
    expect(execution.status).toBe(200);
    const search = await call(routes["[tenant]/logs/search"], "GET", { params: { tenant: a.id }, auth: a.auth, query: "namespace=mask.ns" });
    const answers = [logs, execution.text, search.text, JSON.stringify(done)];
    // Every row of every table, as text (bytea as hex: the plaintext's hex must not be there either).
    const { db } = await getDb();
    const tables = await rows<{ table_name: string }>(db, sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["secrets", "secret_keys", "logs", "executions", "audit_logs"]));
    for (const { table_name: table } of tables) {
      const dump = await rows<{ r: string }>(db, sql.raw(`select t::text as r from public."${table}" t`));
      answers.push(dump.map((d) => d.r).join("\n"));
    }
    // And every file of the tenant's internal storage.
    const storageRoot = path.resolve(process.env.DATA_DIR ?? ".data", "storage", a.id);
    if (fs.existsSync(storageRoot)) for (const f of fs.readdirSync(storageRoot, { recursive: true })) {
      const full = path.join(storageRoot, String(f));
      if (fs.statSync(full).isFile()) answers.push(fs.readFileSync(full, "utf8"));
    }
    for (const text of answers) {
      for (const plain of [value, password, json]) {
        expect(text).not.toContain(plain);
        expect(text).not.toContain(Buffer.from(plain).toString("hex"));
      }
    }
  });

  test("a script given a secret through env: its echo and its outputs are masked", async () => {
    const a = await side();
    const value = `script-${newId(20)}`;
    await a.put("script.ns", { key: "TOKEN", value });
    const body =
      "  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    env:\n      TOKEN: \"{{ secret('TOKEN') }}\"\n    commands:\n" +
      "      - 'echo \"token is $TOKEN\"'\n      - 'echo \"::{\\\"outputs\\\":{\\\"t\\\":\\\"$TOKEN\\\"}}::\"'\n      - 'echo \"err $TOKEN\" >&2'\n";
    const { done, logs } = await execute(a.id, "script.ns", body);
    expect(["SUCCESS", "WARNING"]).toContain(done.state.current);
    expect(logs).toContain("token is ******");
    expect(logs).toContain("err ******");
    expect((done.taskRunList[0].outputs?.vars as { t: string }).t).toBe("******");
    expect(logs + JSON.stringify(done)).not.toContain(value);
  });

  test("SECRET-type inputs are masked in logs and still usable", async () => {
    const a = await side();
    const pw = `in-${newId(16)}`;
    const extra = `inputs:\n  - id: pw\n    type: SECRET\n`;
    const body = `  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "pw={{ inputs.pw }}"\n` + returnOf(`inputs.pw == '${pw}'`);
    const { done, logs } = await execute(a.id, "inputs.ns", body, extra, { pw });
    expect(done.state.current).toBe("SUCCESS");
    expect(logs).toContain("pw=******");
    expect(logs).not.toContain(pw);
    expect(done.taskRunList.find((t) => t.taskId === "r")?.outputs?.value).toBe("true");
  });
});

describe("master key", () => {
  test("rotation re-wraps the data key only: values unchanged, readable with the new key, not the old", async () => {
    const a = await side();
    const value = `rot-${newId(16)}`;
    await a.put("rot.ns", { key: "K", value });
    const { db } = await getDb();
    const before = await rows<{ value: string }>(db, sql`select encode(value, 'hex') as value from secrets where tenant_id = ${a.id}`);
    const keyBefore = await withTenant({ tenantId: a.id }, (tx) => getDataKeyRow(tx));
    const oldText = process.env.SECRETS_KEY;
    const from = masterKey();
    const nextText = `rotated-master-key-${newId(24)}`;
    const to = masterKeyFrom(nextText);
    try {
      expect(await rotateMasterKey(from, to, { tenantIds: [a.id] })).toEqual({ rewrapped: 1, skipped: 0 });
      expect(await rotateMasterKey(from, to, { tenantIds: [a.id] })).toEqual({ rewrapped: 0, skipped: 1 });
      const after = await rows<{ value: string }>(db, sql`select encode(value, 'hex') as value from secrets where tenant_id = ${a.id}`);
      expect(after).toEqual(before);
      const keyAfter = await withTenant({ tenantId: a.id }, (tx) => getDataKeyRow(tx));
      expect(keyAfter!.wrappedKey.equals(keyBefore!.wrappedKey)).toBe(false);
      expect(keyAfter!.masterKeyId).toBe(to.id);
      // Still configured with the old key: refused, naming the key ids, not a value.
      await expect(resolveSecret(a.id, "rot.ns", "K")).rejects.toThrow(/wrapped by master key/);
      process.env.SECRETS_KEY = nextText;
      expect(await resolveSecret(a.id, "rot.ns", "K")).toBe(value);
    } finally {
      await rotateMasterKey(to, from, { tenantIds: [a.id] });
      if (oldText === undefined) delete process.env.SECRETS_KEY;
      else process.env.SECRETS_KEY = oldText;
    }
    expect(await resolveSecret(a.id, "rot.ns", "K")).toBe(value);
  });
});
