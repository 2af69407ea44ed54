import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { metrics } from "@/db/schema";
import { eq } from "drizzle-orm";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/**
 * Task-run metrics (Kestra's MetricController): Return emits its counter `length` and timer
 * `duration`, a script's `::{"metrics":[...]}::` lines are recorded, and the four endpoints
 * answer with Kestra's shapes (PagedResults<MetricEntry>, names, task ids, MetricAggregations).
 */
let A: string;
let auth: string;
let viewerOfOther: string;
let routes: RouteFile[];
let returnRun: string;
let scriptRun: string;
const route = (p: string) => routes.find((r) => r.pattern === `[tenant]/${p}`)!;

async function runFlow(tenantId: string, id: string, tasks: string): Promise<string> {
  const source = `id: ${id}\nnamespace: company.team\ntasks:\n${tasks}`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const e = await startExecution({ tenantId, namespace: "company.team", flowId: id, inputs: {} });
  expect((await waitForEnd(tenantId, e.id, 30_000))?.state.current).toBe("SUCCESS");
  return e.id;
}

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/metrics"));
  A = (await seedTenant()).id;
  auth = basicAuth((await seedUser({ access: [A], roles: { [A]: "admin" } })).email);
  viewerOfOther = basicAuth((await seedUser({ access: [A] })).email);
  await startEngine({ leaseMs: 5000 });
  returnRun = await runFlow(A, "giver", "  - id: give\n    type: io.kestra.plugin.core.debug.Return\n    format: \"{{ 'abc' ~ 'de' }}\"\n");
  scriptRun = await runFlow(
    A,
    "scripted",
    "  - id: sh\n    type: io.kestra.plugin.scripts.shell.Commands\n    commands:\n" +
      `      - ${JSON.stringify('echo \'::{"metrics":[{"name":"rows","type":"counter","value":7,"tags":{"table":"users"}},{"name":"took","type":"timer","value":1.5}]}::\'')}\n`,
  );
}, 120_000);
afterAll(async () => {
  await stopEngine();
});

describe("metrics API", () => {
  test("Return's counter `length` and timer `duration`, tagged with the rendered text", async () => {
    const res = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: returnRun }, auth });
    expect(res.status).toBe(200);
    const body = res.json as { total: number; results: Record<string, unknown>[] };
    expect(body.total).toBe(2);
    const byName = Object.fromEntries(body.results.map((m) => [m.name, m]));
    expect(byName.length).toMatchObject({ type: "counter", value: 5, taskId: "give", flowId: "giver", namespace: "company.team", executionId: returnRun, tags: { format: "abcde" } });
    expect(byName.duration).toMatchObject({ type: "timer", taskId: "give", tags: { format: "abcde" } });
    expect(byName.duration.value as number).toBeGreaterThanOrEqual(0);
    expect(typeof byName.length.taskRunId).toBe("string");
    expect(Date.parse(String(byName.length.timestamp))).toBeGreaterThan(Date.now() - 120_000);
  });

  test("a script's ::metrics:: line is recorded (a timer's seconds become milliseconds), not only logged", async () => {
    const res = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: scriptRun }, auth, query: "sort=name:asc" });
    expect(res.status).toBe(200);
    const body = res.json as { total: number; results: Record<string, unknown>[] };
    expect(body.results.map((m) => [m.name, m.type, m.value, m.tags])).toEqual([
      ["rows", "counter", 7, { table: "users" }],
      ["took", "timer", 1500, {}],
    ]);
  });

  test("paging, and narrowing to a task", async () => {
    const page = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: returnRun }, auth, query: "size=1&page=2&sort=name:asc" });
    expect(page.json).toMatchObject({ total: 2, results: [{ name: "length" }] });
    const none = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: returnRun }, auth, query: "taskId=other" });
    expect(none.json).toMatchObject({ total: 0, results: [] });
    const bad = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: returnRun }, auth, query: "size=0" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("size");
  });

  test("names, tasks and aggregates of a flow", async () => {
    const names = await call(route("metrics/names/[namespace]/[flowId]"), "GET", { params: { tenant: A, namespace: "company.team", flowId: "giver" }, auth });
    expect(names.json).toEqual(["duration", "length"]);
    const ofTask = await call(route("metrics/names/[namespace]/[flowId]/[taskId]"), "GET", { params: { tenant: A, namespace: "company.team", flowId: "scripted", taskId: "sh" }, auth });
    expect(ofTask.json).toEqual(["rows", "took"]);
    const tasks = await call(route("metrics/tasks/[namespace]/[flowId]"), "GET", { params: { tenant: A, namespace: "company.team", flowId: "giver" }, auth });
    expect(tasks.json).toEqual(["give"]);
    const agg = await call(route("metrics/aggregates/[namespace]/[flowId]/[...path]"), "GET", {
      params: { tenant: A, namespace: "company.team", flowId: "giver", path: "length" },
      auth,
      query: "aggregation=max",
    });
    expect(agg.status).toBe(200);
    const body = agg.json as { groupBy: string; aggregations: { name: string; value: number; date: string }[] };
    expect(body.groupBy).toBe("day");
    expect(body.aggregations).toHaveLength(1);
    expect(body.aggregations[0]).toMatchObject({ name: "length", value: 5 });
    expect(body.aggregations[0].date).toMatch(/T00:00:00\.000Z$/);
    const ofTaskAgg = await call(route("metrics/aggregates/[namespace]/[flowId]/[...path]"), "GET", {
      params: { tenant: A, namespace: "company.team", flowId: "scripted", path: "sh/rows" },
      auth,
      query: "startDate=2020-01-01T00:00:00Z&aggregation=sum",
    });
    expect(ofTaskAgg.json).toMatchObject({ groupBy: "month", aggregations: [{ name: "rows", value: 7 }] });
  });

  test("bad dates and aggregations are 422s naming the field", async () => {
    const r = route("metrics/aggregates/[namespace]/[flowId]/[...path]");
    const params = { tenant: A, namespace: "company.team", flowId: "giver", path: "length" };
    const badDate = await call(r, "GET", { params, auth, query: "startDate=yesterday" });
    expect(badDate.status).toBe(422);
    expect(badDate.text).toContain("startDate");
    const badAgg = await call(r, "GET", { params, auth, query: "aggregation=median" });
    expect(badAgg.status).toBe(422);
    expect(badAgg.text).toContain("aggregation");
    const reversed = await call(r, "GET", { params, auth, query: "startDate=2025-02-01T00:00:00Z&endDate=2025-01-01T00:00:00Z" });
    expect(reversed.status).toBe(422);
  });

  test("row-level security: another tenant's transaction sees none of these metrics", async () => {
    const other = (await seedTenant()).id;
    const seen = await withTenant({ tenantId: other }, (tx) => tx.select().from(metrics).where(eq(metrics.executionId, returnRun)));
    expect(seen).toEqual([]);
    const own = await withTenant({ tenantId: A }, (tx) => tx.select().from(metrics).where(eq(metrics.executionId, returnRun)));
    expect(own).toHaveLength(2);
  });

  test("a member without EXECUTION:READ gets 403", async () => {
    const res = await call(route("metrics/[executionId]"), "GET", { params: { tenant: A, executionId: returnRun }, auth: viewerOfOther });
    expect(res.status).toBe(403);
  });
});
