import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { insertExecution } from "@/db/queries/executions";
import { findExecutionLogs, insertLogs } from "@/db/queries/logs";
import { executions } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startWorker } from "@/engine/worker/loop";
import { loadExecution, processExecution } from "@/engine/worker/process";
import { purgeExpiredExecutions } from "@/engine/quotas/retention";
import { sweepRunningQuotas } from "@/engine/quotas";
import { executionPrefix, getStorage } from "@/engine/storage/storage";
import { readStorageUsage } from "@/engine/storage/quota";
import { recountStorageUsage } from "@/engine/storage/recount";
import { changeStorageUsage } from "@/db/queries/quotas";
import { takeRequestToken } from "@/lib/api/request-quota";
import { resetTokens } from "@/lib/api/rate-limit";
import { ApiError } from "@/lib/errors";
import { readExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { setTenantQuotas } from "@/lib/server/tenants";
import type { TenantQuotas } from "@/db/schema";
import type { Execution } from "@/engine/executor/types";
import { newId } from "@/lib/ids";
import { executionDoc } from "../helpers/execution";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/**
 * Per-tenant quotas (issue 15): running executions (the excess waits QUEUED), API requests
 * per second (429 with Retry-After), internal storage bytes (413 on the API, a failed task
 * in the engine), execution retention (the purge removes exactly one tenant's expired ones).
 */

let superadmin: Awaited<ReturnType<typeof seedUser>>;
let routes: RouteFile[];
const route = (pattern: string) => routes.find((r) => r.pattern === pattern)!;
const asSuper = () => ({ userId: superadmin.id, superAdmin: true });
const setQuotas = (id: string, quotas: TenantQuotas) => setTenantQuotas(asSuper(), { id, quotas });

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

async function waitUntil<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const runningSince = (e: Execution) => e.state.histories.find((h) => h.state === "RUNNING")?.date ?? "";

beforeAll(async () => {
  superadmin = await seedUser({ superAdmin: true });
  routes = await loadRoutes((p) => p.startsWith("tenants/") || p.startsWith("[tenant]/flows") || p.startsWith("[tenant]/namespaces/[namespace]/files"));
  await startEngine({ leaseMs: 5000 });
});

afterAll(async () => {
  await stopEngine();
});

describe("running executions at once", () => {
  test("over the quota the third waits QUEUED, and runs once one of the first two ended", async () => {
    const t = (await seedTenant()).id;
    await setQuotas(t, { maxRunningExecutions: 2 });
    // Two flows: the quota counts the tenant's executions, whatever their flow.
    await addFlow(t, `id: nap-a\nnamespace: q.team\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.8S\n`);
    await addFlow(t, `id: nap-b\nnamespace: q.team\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.8S\n`);
    const first = await startExecution({ tenantId: t, namespace: "q.team", flowId: "nap-a", inputs: {} });
    const second = await startExecution({ tenantId: t, namespace: "q.team", flowId: "nap-b", inputs: {} });
    await waitUntil(() => Promise.all([first, second].map((e) => readExecution(t, e.id))), (all) => all.every((e) => e?.state.current === "RUNNING"));
    const third = await startExecution({ tenantId: t, namespace: "q.team", flowId: "nap-a", inputs: {} });
    const queued = await waitUntil(() => readExecution(t, third.id), (e) => e?.state.current === "QUEUED");
    expect(queued?.state.current).toBe("QUEUED");
    const ended = await Promise.all([first, second, third].map((e) => waitForEnd(t, e.id, 20_000)));
    expect(ended.map((e) => e?.state.current)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
    const [a, b, c] = ended as Execution[];
    // The third started only once a slot was free: after the first of the two others ended.
    expect(Date.parse(runningSince(c))).toBeGreaterThanOrEqual(Math.min(Date.parse(a.state.endDate!), Date.parse(b.state.endDate!)));
    expect(c.state.histories.map((h) => h.state)).toEqual(["CREATED", "QUEUED", "RUNNING", "SUCCESS"]);
  });

  test("two workers leasing side by side never run more than the quota", async () => {
    const t = (await seedTenant()).id;
    await setQuotas(t, { maxRunningExecutions: 2 });
    await addFlow(t, `id: nap\nnamespace: q.team\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.3S\n`);
    // A second worker (as another process would run), leasing this tenant's work only.
    const second = startWorker({ load: loadExecution, process: processExecution, concurrency: 4, leaseMs: 5000, pollMs: 50, tenants: [t] });
    try {
      const started: Execution[] = [];
      for (let i = 0; i < 6; i++) started.push(await startExecution({ tenantId: t, namespace: "q.team", flowId: "nap", inputs: {} }));
      let most = 0;
      const all = await waitUntil(
        async () => {
          const now = await Promise.all(started.map((e) => readExecution(t, e.id)));
          most = Math.max(most, now.filter((e) => e && ["RUNNING", "PAUSED", "KILLING"].includes(e.state.current)).length);
          return now;
        },
        (now) => now.every((e) => e?.state.current === "SUCCESS"),
        30_000,
      );
      expect(all.map((e) => e?.state.current)).toEqual(Array(6).fill("SUCCESS"));
      expect(most).toBeLessThanOrEqual(2);
      // From the histories: no moment had more than two of them RUNNING.
      const spans = all.map((e) => [Date.parse(runningSince(e!)), Date.parse(e!.state.endDate!)] as const);
      for (const [from] of spans) expect(spans.filter(([a, b]) => a <= from && from < b).length).toBeLessThanOrEqual(2);
    } finally {
      await second.stop();
    }
  });

  test("a quota raised lets the queued execution run at once; another tenant is never held back", async () => {
    const t = (await seedTenant()).id;
    const other = (await seedTenant()).id;
    await setQuotas(t, { maxRunningExecutions: 1 });
    for (const tenant of [t, other]) await addFlow(tenant, `id: wait\nnamespace: q.team\ntasks:\n  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n`);
    const held = await startExecution({ tenantId: t, namespace: "q.team", flowId: "wait", inputs: {} });
    await waitUntil(() => readExecution(t, held.id), (e) => e?.state.current === "PAUSED");
    const waiting = await startExecution({ tenantId: t, namespace: "q.team", flowId: "wait", inputs: {} });
    expect((await waitUntil(() => readExecution(t, waiting.id), (e) => e?.state.current === "QUEUED"))?.state.current).toBe("QUEUED");
    // The other tenant has no quota: its executions all run.
    const others = await Promise.all([1, 2, 3].map(() => startExecution({ tenantId: other, namespace: "q.team", flowId: "wait", inputs: {} })));
    const states = await waitUntil(() => Promise.all(others.map((e) => readExecution(other, e.id))), (all) => all.every((e) => e?.state.current === "PAUSED"));
    expect(states.map((e) => e?.state.current)).toEqual(["PAUSED", "PAUSED", "PAUSED"]);
    // The sweep finds nothing to wake while the quota is full.
    expect(await sweepRunningQuotas({ tenants: [t] })).toEqual([]);
    await setQuotas(t, { maxRunningExecutions: 2 });
    expect((await waitUntil(() => readExecution(t, waiting.id), (e) => e?.state.current === "PAUSED"))?.state.current).toBe("PAUSED");
  });
});

describe("API requests per second", () => {
  test("over the rate the tenant's API answers 429 with Retry-After and names the quota; another tenant is unaffected", async () => {
    resetTokens("api");
    const t = (await seedTenant()).id;
    const other = (await seedTenant()).id;
    const admin = await seedUser({ access: [t, other], roles: { [t]: "admin", [other]: "admin" } });
    await setQuotas(t, { requestsPerSecond: 1 });
    const search = (tenant: string) => call(route("[tenant]/flows/search"), "GET", { params: { tenant }, auth: basicAuth(admin.email) });
    // A bucket of two seconds' worth: two pass, then one a second.
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await search(t));
    expect(answers.slice(0, 2).map((a) => a.status)).toEqual([200, 200]);
    const refused = answers.find((a) => a.status === 429);
    expect(refused, answers.map((a) => a.status).join(",")).toBeDefined();
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused!.json).toMatchObject({ message: expect.stringContaining("1 requests per second"), details: [{ path: "quotas.requestsPerSecond" }] });
    for (let i = 0; i < 4; i++) expect((await search(other)).status).toBe(200);
  });

  test("the bucket refills at the rate (a controlled clock)", () => {
    resetTokens("api");
    const settings = { quotas: { requestsPerSecond: 2 } };
    for (let i = 0; i < 4; i++) takeRequestToken("rate-clock", settings, 1_000);
    let refused: unknown;
    try {
      takeRequestToken("rate-clock", settings, 1_000);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).status).toBe(429);
    expect((refused as ApiError).retryAfterSeconds).toBe(1);
    // Half a second later one token is back.
    expect(() => takeRequestToken("rate-clock", settings, 1_500)).not.toThrow();
    expect(() => takeRequestToken("rate-clock", settings, 1_500)).toThrow(ApiError);
    // No quota: never refused.
    for (let i = 0; i < 50; i++) takeRequestToken("rate-none", {}, 1_000);
  });
});

describe("internal storage bytes", () => {
  test("a namespace file that would pass the quota is refused with a 413 naming it, and nothing is written", async () => {
    const t = (await seedTenant()).id;
    const admin = await seedUser({ access: [t], roles: { [t]: "admin" } });
    await setQuotas(t, { storageBytes: 100 });
    const upload = (path: string, size: number) =>
      call(route("[tenant]/namespaces/[namespace]/files"), "POST", { params: { tenant: t, namespace: "q.team" }, query: `path=${path}`, rawBody: "x".repeat(size), contentType: "text/plain", auth: basicAuth(admin.email) });
    expect((await upload("/small.txt", 60)).status).toBe(200);
    const refused = await upload("/big.txt", 60);
    expect(refused.status).toBe(413);
    expect(refused.json).toMatchObject({ message: expect.stringContaining("storage quota exceeded"), details: [{ path: "quotas.storageBytes" }] });
    expect((await call(route("[tenant]/namespaces/[namespace]/files"), "GET", { params: { tenant: t, namespace: "q.team" }, query: "path=/big.txt", auth: basicAuth(admin.email) })).status).toBe(404);
    // Overwriting counts the difference only; deleting gives the bytes back.
    expect((await upload("/small.txt", 90)).status).toBe(200);
    expect(await readStorageUsage(t)).toBe(90);
    const view = await call(route("tenants/[id]/quotas"), "GET", { params: { id: t }, auth: basicAuth(superadmin.email) });
    expect(view.json).toMatchObject({ quotas: { storageBytes: 100 }, usage: { storageBytes: 90 } });
    const removed = await call(route("[tenant]/namespaces/[namespace]/files"), "DELETE", { params: { tenant: t, namespace: "q.team" }, query: "path=/small.txt", auth: basicAuth(admin.email) });
    expect(removed.status).toBeLessThan(300);
    expect(await readStorageUsage(t)).toBe(0);
  });

  test("a task whose write would pass the quota fails with the reason", async () => {
    const t = (await seedTenant()).id;
    await setQuotas(t, { storageBytes: 50 });
    await addFlow(t, `id: write\nnamespace: q.team\ntasks:\n  - id: write\n    type: io.kestra.plugin.core.storage.Write\n    content: "${"y".repeat(80)}"\n    extension: .txt\n`);
    const started = await startExecution({ tenantId: t, namespace: "q.team", flowId: "write", inputs: {} });
    const ended = await waitForEnd(t, started.id, 20_000);
    expect(ended?.state.current).toBe("FAILED");
    const logs = await withTenant({ tenantId: t }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
    expect(logs.map((l) => l.message).join("\n")).toMatch(/Internal storage quota exceeded.*over its quota of 50 bytes/);
    expect(await readStorageUsage(t)).toBe(0);
  });
});

describe("execution retention", () => {
  const DAY = 86_400_000;
  const now = new Date("2030-06-15T12:00:00.000Z");

  async function ended(tenantId: string, daysAgo: number | null) {
    const id = newId();
    const start = new Date(now.getTime() - (daysAgo ?? 40) * DAY - 60_000).toISOString();
    const base = executionDoc({ id, namespace: "q.team", flowId: "old", state: { current: daysAgo === null ? "RUNNING" : "SUCCESS", startDate: start } });
    const endDate = daysAgo === null ? null : new Date(now.getTime() - daysAgo * DAY).toISOString();
    const doc = { ...base, state: { ...base.state, endDate } };
    await withTenant({ tenantId }, async (tx) => {
      await insertExecution(tx, { tenantId, doc });
      await insertLogs(tx, {
        tenantId,
        executionId: id,
        namespace: "q.team",
        flowId: "old",
        lines: [{ timestamp: start, level: "INFO", message: "kept?" }],
      });
    });
    await getStorage().put(tenantId, `${executionPrefix({ namespace: "q.team", flowId: "old", id })}/out.txt`, "0123456789");
    return id;
  }

  const idsOf = (tenantId: string) => withTenant({ tenantId }, async (tx) => (await tx.select({ id: executions.id }).from(executions)).map((r) => r.id).sort());

  test("the purge removes exactly the tenant's executions ended before its retention, with logs and files, and nothing of another tenant", async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    await setQuotas(a, { retentionDays: 7 });
    await setQuotas(b, { retentionDays: 30 });
    const expired = [await ended(a, 10), await ended(a, 8), await ended(a, 20)];
    const recent = [await ended(a, 1), await ended(a, 6), await ended(a, null)];
    const others = [await ended(b, 10), await ended(b, 20)];
    expect(await readStorageUsage(a)).toBe(60);

    // Batches of two: the three expired go over two transactions.
    const purged = await purgeExpiredExecutions({ now, batchSize: 2, tenants: [a, b] });
    expect(purged).toEqual({ [a]: 3, [b]: 0 });
    expect(await idsOf(a)).toEqual([...recent].sort());
    expect(await idsOf(b)).toEqual([...others].sort());
    for (const id of expired) {
      expect(await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: id }))).toEqual([]);
      expect(await getStorage().list(a, executionPrefix({ namespace: "q.team", flowId: "old", id }))).toEqual([]);
    }
    expect(await withTenant({ tenantId: a }, (tx) => findExecutionLogs(tx, { executionId: recent[0] }))).toHaveLength(1);
    expect(await readStorageUsage(a)).toBe(30);
    expect(await readStorageUsage(b)).toBe(20);
    // A second run finds nothing more.
    expect(await purgeExpiredExecutions({ now, tenants: [a, b] })).toEqual({ [a]: 0, [b]: 0 });
  });

  test("a purge that fails part-way (files of one execution gone, the next refuses) leaves no file without its execution; the next run finishes", async () => {
    const a = (await seedTenant()).id;
    await setQuotas(a, { retentionDays: 7 });
    const expired = [await ended(a, 30), await ended(a, 20), await ended(a, 10)];
    const kept = await ended(a, 1);
    const filesOf = (id: string) => getStorage().list(a, executionPrefix({ namespace: "q.team", flowId: "old", id }));
    // The storage dies after the first execution's files went (as a crash would stop it).
    const failing = {
      ...getStorage(),
      deletePrefixesInTransaction: async (...[tx, tenantId, prefixes]: Parameters<ReturnType<typeof getStorage>["deletePrefixesInTransaction"]>) => {
        await getStorage().deletePrefixesInTransaction(tx, tenantId, prefixes.slice(0, 1));
        throw new Error("storage unreachable");
      },
    };
    await expect(purgeExpiredExecutions({ now, tenants: [a], storage: failing })).rejects.toThrow("storage unreachable");
    // Every execution whose files may be gone is still there: the next run will find it.
    expect(await idsOf(a)).toEqual([...expired, kept].sort());
    expect(await filesOf(expired[0])).toEqual([]);
    expect(await filesOf(expired[1])).toHaveLength(1);
    // The counter kept the bytes of the files that went (it is above the truth, never below).
    expect(await readStorageUsage(a)).toBe(40);
    expect(await recountStorageUsage({ tenants: [a] })).toEqual([{ tenantId: a, before: 40, after: 30 }]);

    expect(await purgeExpiredExecutions({ now, tenants: [a] })).toEqual({ [a]: 3 });
    expect(await idsOf(a)).toEqual([kept]);
    for (const id of expired) expect(await filesOf(id)).toEqual([]);
    expect(await filesOf(kept)).toHaveLength(1);
    expect(await readStorageUsage(a)).toBe(10);
  });
});

describe("storage recount", () => {
  test("recomputes each tenant's counter from the backend's files, prints before/after, fixes only the drifted ones", async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    const c = (await seedTenant()).id;
    const storage = getStorage();
    await storage.put(a, "q/team/f/executions/x/one.txt", "12345");
    // Written behind the counter's back (as files from before the counter existed).
    await storage.backend.put(a, "q/team/f/executions/x/two.txt", "1234567");
    await storage.put(b, "q/team/f/executions/y/one.txt", "123");
    // A counter left above the truth (a crash between a file's delete and its counter's change).
    await withTenant({ tenantId: b }, (tx) => changeStorageUsage(tx, { tenantId: b, delta: 100, enforce: false }));
    await storage.put(c, "q/team/f/executions/z/one.txt", "1");
    expect([await readStorageUsage(a), await readStorageUsage(b), await readStorageUsage(c)]).toEqual([5, 103, 1]);

    // A dry run says what it would do and writes nothing.
    const plan = await recountStorageUsage({ tenants: [a, b, c], dryRun: true });
    expect(plan).toEqual([
      { tenantId: a, before: 5, after: 12 },
      { tenantId: b, before: 103, after: 3 },
      { tenantId: c, before: 1, after: 1 },
    ].sort((x, y) => x.tenantId.localeCompare(y.tenantId)));
    expect(await readStorageUsage(a)).toBe(5);

    expect(await recountStorageUsage({ tenants: [a, b] })).toEqual(plan.filter((r) => r.tenantId !== c));
    expect([await readStorageUsage(a), await readStorageUsage(b), await readStorageUsage(c)]).toEqual([12, 3, 1]);
    // Counted from now on: a delete gives back exactly what the file holds.
    await storage.delete(a, "q/team/f/executions/x/two.txt");
    expect(await readStorageUsage(a)).toBe(5);
    expect(await recountStorageUsage({ tenants: [a] })).toEqual([{ tenantId: a, before: 5, after: 5 }]);
  });
});

describe("the quota routes", () => {
  test("superadmin only: a tenant admin gets 403; bad values are a 422 naming the field; an unknown tenant is a 404", async () => {
    const t = (await seedTenant()).id;
    const admin = await seedUser({ access: [t], roles: { [t]: "admin" } });
    const quotas = route("tenants/[id]/quotas");
    expect((await call(quotas, "GET", { params: { id: t }, auth: basicAuth(admin.email) })).status).toBe(403);
    expect((await call(quotas, "PUT", { params: { id: t }, auth: basicAuth(admin.email), body: { maxRunningExecutions: 1 } })).status).toBe(403);
    const bad = await call(quotas, "PUT", { params: { id: t }, auth: basicAuth(superadmin.email), body: { maxRunningExecutions: 0, diskSpace: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("maxRunningExecutions");
    expect((await call(quotas, "GET", { params: { id: `none-${t}` }, auth: basicAuth(superadmin.email) })).status).toBe(404);
    const set = await call(quotas, "PUT", { params: { id: t }, auth: basicAuth(superadmin.email), body: { maxRunningExecutions: 3, retentionDays: null } });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ quotas: { maxRunningExecutions: 3 }, effective: { maxRunningExecutions: 3, retentionDays: null }, usage: { runningExecutions: 0, storageBytes: 0 } });
  });
});
