import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findAuditLogs } from "@/db/queries/access";
import { triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

let routes: RouteFile[];
const route = (p: string) => routes.find((r) => r.pattern === `[tenant]/triggers${p}`)!;

type Context = { namespace: string; flowId: string; triggerId: string; nextExecutionDate: string | null; disabled: boolean; locked: boolean; workerId: string | null };
type Search = { total: number; results: { abstractTrigger: { id: string; type: string; cron?: string }; triggerContext: Context }[] };

const source = (namespace: string, id: string, cron = "*/5 * * * *") =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: every5\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "${cron}"\n    timezone: UTC\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k-${id}\n`;

async function addFlow(tenantId: string, namespace: string, id: string) {
  const text = source(namespace, id);
  const parsed = validateFlowSource(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source: text, authorId: null, mode: "upsert" }));
}

let A: string;
let B: string;
let adminA: string;
let adminB: string;
/** When the flows were saved: their schedules' next dates come after it (no scheduler runs here). */
let savedAt: number;

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/triggers"));
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  adminA = basicAuth((await seedUser({ access: [A], roles: { [A]: "admin" } })).email);
  adminB = basicAuth((await seedUser({ access: [B], roles: { [B]: "admin" } })).email);
  // The same namespace and flow ids in both tenants.
  savedAt = Date.now();
  for (const tenantId of [A, B]) {
    await addFlow(tenantId, "team.a", "nightly");
    await addFlow(tenantId, "team.b", "hourly");
  }
});

describe("the triggers API", () => {
  test("search lists the tenant's triggers with their declaration and context", async () => {
    const res = await call(route("/search"), "GET", { params: { tenant: A }, auth: adminA, query: "namespace=team.a" });
    expect(res.status).toBe(200);
    const body = res.json as Search;
    expect(body.total).toBe(2);
    const schedule = body.results.find((r) => r.triggerContext.triggerId === "every5")!;
    expect(schedule.abstractTrigger).toMatchObject({ id: "every5", type: "io.kestra.plugin.core.trigger.Schedule", cron: "*/5 * * * *" });
    expect(schedule.triggerContext).toMatchObject({ namespace: "team.a", flowId: "nightly", disabled: false, locked: false });
    const next = Date.parse(schedule.triggerContext.nextExecutionDate!);
    // After the save (the next five-minute mark may have passed since, without a scheduler here to fire it).
    expect(next).toBeGreaterThan(savedAt);
    expect(next).toBeLessThanOrEqual(savedAt + 5 * 60_000);
    const hook = body.results.find((r) => r.triggerContext.triggerId === "hook")!;
    expect(hook.triggerContext.nextExecutionDate).toBeNull();
  });

  test("one flow's triggers; another tenant's flow is a 404", async () => {
    const res = await call(route("/[namespace]/[flowId]"), "GET", { params: { tenant: A, namespace: "team.b", flowId: "hourly" }, auth: adminA });
    expect(res.status).toBe(200);
    expect((res.json as { results: Context[] }).results.map((c) => c.triggerId).sort()).toEqual(["every5", "hook"]);
    await addFlow(B, "team.c", "only-in-b");
    const foreign = await call(route("/[namespace]/[flowId]"), "GET", { params: { tenant: A, namespace: "team.c", flowId: "only-in-b" }, auth: adminA });
    expect(foreign.status).toBe(404);
    const foreignDisable = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { namespace: "team.c", flowId: "only-in-b", triggerId: "every5", disabled: true } });
    expect(foreignDisable.status).toBe(404);
    // B's admin through A's path: the tenant itself is a 404.
    expect((await call(route("/search"), "GET", { params: { tenant: A }, auth: adminB })).status).toBe(404);
  });

  test("disable unschedules the trigger in this tenant only; enable schedules it from now", async () => {
    const key = { namespace: "team.a", flowId: "nightly", triggerId: "every5" };
    const off = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, disabled: true, date: null, executionId: null } });
    expect(off.status).toBe(200);
    expect(off.json).toMatchObject({ ...key, disabled: true, nextExecutionDate: null });
    const inB = await withTenant({ tenantId: B }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "nightly")));
    expect(inB.find((r) => r.triggerId === "every5")).toMatchObject({ disabled: false });
    expect(inB.find((r) => r.triggerId === "every5")!.nextExecutionDate).not.toBeNull();
    const audit = await withTenant({ tenantId: A }, (tx) => findAuditLogs(tx, { page: 1, size: 10 }));
    expect(JSON.stringify(audit)).toContain("team.a.nightly.every5");
    const enabledAt = Date.now();
    const on = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, disabled: false } });
    expect(on.status).toBe(200);
    expect(Date.parse((on.json as Context).nextExecutionDate!)).toBeGreaterThan(enabledAt);
  });

  test("unlock drops a dead scheduler's lease; an unlocked trigger is a 409", async () => {
    const params = { tenant: A, namespace: "team.b", flowId: "hourly", triggerId: "every5" };
    await withTenant({ tenantId: A }, (tx) => tx.update(triggers).set({ lockOwner: "dead-host:1", lockUntil: new Date(Date.now() + 60_000) }).where(eq(triggers.flowId, "hourly")));
    const listed = (await call(route("/[namespace]/[flowId]"), "GET", { params, auth: adminA })).json as { results: Context[] };
    expect(listed.results.find((c) => c.triggerId === "every5")).toMatchObject({ locked: true, workerId: "dead-host:1" });
    const res = await call(route("/[namespace]/[flowId]/[triggerId]/unlock"), "POST", { params, auth: adminA });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ locked: false, workerId: null });
    expect((await call(route("/[namespace]/[flowId]/[triggerId]/unlock"), "POST", { params, auth: adminA })).status).toBe(409);
  });

  test("backfill: create with progress, pause, resume, delete; bad ranges are a 422", async () => {
    const key = { namespace: "team.b", flowId: "hourly", triggerId: "every5" };
    const start = new Date(Date.now() - 3600_000).toISOString();
    const created = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, backfill: { start, labels: [{ key: "why", value: "replay" }] } } });
    expect(created.status, created.text).toBe(200);
    const backfill = (created.json as { backfill: { done: number; total: number; paused: boolean; start: string } }).backfill;
    expect(backfill).toMatchObject({ done: 0, paused: false, start });
    expect(backfill.total).toBeGreaterThanOrEqual(11);
    expect(backfill.total).toBeLessThanOrEqual(12);
    const again = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, backfill: { start } } });
    expect(again.status).toBe(409);
    const paused = await call(route("/backfill/pause"), "PUT", { params: { tenant: A }, auth: adminA, body: key });
    expect(paused.json).toMatchObject({ backfill: { paused: true }, nextExecutionDate: null });
    const resumed = await call(route("/backfill/unpause"), "PUT", { params: { tenant: A }, auth: adminA, body: key });
    expect(resumed.json).toMatchObject({ backfill: { paused: false } });
    const deleted = await call(route("/backfill/delete"), "POST", { params: { tenant: A }, auth: adminA, body: key });
    expect(deleted.json).toMatchObject({ backfill: null });
    expect((await call(route("/backfill/delete"), "POST", { params: { tenant: A }, auth: adminA, body: key })).status).toBe(409);
    const future = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, backfill: { start, end: new Date(Date.now() + 86_400_000).toISOString() } } });
    expect(future.status).toBe(422);
    expect(JSON.stringify(future.json)).toContain("backfill.end");
    const webhook = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { ...key, triggerId: "hook", backfill: { start } } });
    expect(webhook.status).toBe(422);
    // B's identical trigger knows nothing of it.
    const [inB] = await withTenant({ tenantId: B }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "hourly")));
    expect(inB.backfill).toBeNull();
  });

  test("restart drops the lease and schedules from now", async () => {
    const params = { tenant: A, namespace: "team.a", flowId: "nightly", triggerId: "every5" };
    await withTenant({ tenantId: A }, (tx) =>
      tx.update(triggers).set({ lockOwner: "stuck:1", lockUntil: new Date(Date.now() + 60_000), nextExecutionDate: new Date(Date.now() - 3600_000) }).where(eq(triggers.flowId, "nightly")),
    );
    const restartedAt = Date.now();
    const res = await call(route("/[namespace]/[flowId]/[triggerId]/restart"), "POST", { params, auth: adminA });
    expect(res.status, res.text).toBe(200);
    const ctx = res.json as Context;
    expect(ctx).toMatchObject({ locked: false, workerId: null });
    expect(Date.parse(ctx.nextExecutionDate!)).toBeGreaterThan(restartedAt);
    expect((await call(route("/[namespace]/[flowId]/[triggerId]/restart"), "POST", { params: { ...params, flowId: "only-in-b" }, auth: adminA })).status).toBe(404);
  });

  test("bulk forms: by-triggers refuses another tenant's triggers (404), by-query changes only what matches", async () => {
    await addFlow(B, "team.z", "b-only");
    const foreign = await call(route("/set-disabled/by-triggers"), "POST", {
      params: { tenant: A },
      auth: adminA,
      body: { triggers: [{ namespace: "team.a", flowId: "nightly", triggerId: "every5" }, { namespace: "team.z", flowId: "b-only", triggerId: "every5" }], disabled: true },
    });
    expect(foreign.status).toBe(404);
    // Nothing changed: the call is one transaction.
    const [still] = await withTenant({ tenantId: A }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "nightly")));
    expect(still.disabled).toBe(false);

    const off = await call(route("/set-disabled/by-query"), "POST", { params: { tenant: A }, auth: adminA, query: "namespace=team.a&disabled=true" });
    expect(off.status, off.text).toBe(200);
    expect(off.json).toEqual({ count: 2 });
    const rowsA = await withTenant({ tenantId: A }, (tx) => tx.select().from(triggers));
    expect(rowsA.filter((r) => r.disabled).map((r) => `${r.namespace}.${r.flowId}.${r.triggerId}`).sort()).toEqual(["team.a.nightly.every5", "team.a.nightly.hook"]);
    const rowsB = await withTenant({ tenantId: B }, (tx) => tx.select().from(triggers));
    expect(rowsB.some((r) => r.disabled)).toBe(false);
    const on = await call(route("/set-disabled/by-triggers"), "POST", {
      params: { tenant: A },
      auth: adminA,
      body: { triggers: [{ namespace: "team.a", flowId: "nightly", triggerId: "every5" }, { namespace: "team.a", flowId: "nightly", triggerId: "hook" }], disabled: false },
    });
    expect(on.json).toEqual({ count: 2 });
    const noDisabled = await call(route("/set-disabled/by-query"), "POST", { params: { tenant: A }, auth: adminA, query: "namespace=team.a" });
    expect(noDisabled.status).toBe(422);
    expect(noDisabled.text).toContain("disabled");

    await withTenant({ tenantId: A }, (tx) => tx.update(triggers).set({ lockOwner: "dead:2", lockUntil: new Date(Date.now() + 60_000) }).where(eq(triggers.namespace, "team.b")));
    const unlocked = await call(route("/unlock/by-query"), "POST", { params: { tenant: A }, auth: adminA, query: "q=hourly" });
    expect(unlocked.json).toEqual({ count: 2 });
    const unlockedAgain = await call(route("/unlock/by-triggers"), "POST", { params: { tenant: A }, auth: adminA, body: [{ namespace: "team.b", flowId: "hourly", triggerId: "every5" }] });
    expect(unlockedAgain.json).toEqual({ count: 0 });
  });

  test("bad bodies are a 422 naming the field", async () => {
    const missing = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { flowId: "nightly", triggerId: "every5", disabled: true } });
    expect(missing.status).toBe(422);
    expect(JSON.stringify(missing.json)).toContain("namespace");
    const backfill = await call(route(""), "PUT", { params: { tenant: A }, auth: adminA, body: { namespace: "team.a", flowId: "nightly", triggerId: "every5", backfill: { start: "yesterday" } } });
    expect(backfill.status).toBe(422);
    expect(JSON.stringify(backfill.json)).toContain("backfill.start");
  });

  test("a role bound to a namespace sees and changes that namespace's triggers only", async () => {
    const scoped = await seedUser({ access: [A] });
    const [bindings] = await loadRoutes((p) => p === "[tenant]/bindings");
    const bound = await call(bindings, "POST", { params: { tenant: A }, auth: adminA, body: { type: "USER", externalId: scoped.id, roleId: "editor", namespaceId: "team.a" } });
    expect(bound.status).toBe(201);
    const auth = basicAuth(scoped.email);
    const search = (await call(route("/search"), "GET", { params: { tenant: A }, auth })).json as Search;
    expect(new Set(search.results.map((r) => r.triggerContext.namespace))).toEqual(new Set(["team.a"]));
    expect((await call(route("/[namespace]/[flowId]"), "GET", { params: { tenant: A, namespace: "team.b", flowId: "hourly" }, auth })).status).toBe(404);
    const write = await call(route(""), "PUT", { params: { tenant: A }, auth, body: { namespace: "team.b", flowId: "hourly", triggerId: "every5", disabled: true } });
    expect(write.status).toBe(403);
  });
});
