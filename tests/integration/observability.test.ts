import { describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { insertExecution, type ExecutionDocument } from "@/db/queries/executions";
import { enqueueWork } from "@/db/queries/work";
import { newId } from "@/lib/ids";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as readyRoute } from "@/app/api/health/ready/route";
import { GET as liveRoute } from "@/app/api/health/live/route";
import { executionDoc } from "../helpers/execution";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";

const params = { params: Promise.resolve({}) };
const get = (auth?: string) => new Request("http://localhost/api/metrics", { headers: auth ? { authorization: auth } : {} });

async function seedQueued(tenantId: string, n: number, state = "CREATED") {
  await withTenant({ tenantId }, async (tx) => {
    for (let i = 0; i < n; i++) {
      const doc: ExecutionDocument = executionDoc({
        id: newId(),
        namespace: "obs",
        flowId: "f",
        flowRevision: 1,
        state: { current: state, startDate: new Date().toISOString(), histories: [] },
        labels: [],
      });
      await insertExecution(tx, { tenantId, doc });
      // Due a minute ago, so the oldest-item age is at least that.
      await enqueueWork(tx, { tenantId, executionId: doc.id, runAt: new Date(Date.now() - 60_000) });
    }
  });
}

describe("Prometheus metrics", () => {
  test("a superadmin reads executions, queue depth and oldest age per tenant", async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    await seedQueued(a, 3);
    await seedQueued(b, 1);
    const admin = await seedUser({ superAdmin: true });
    const res = await metricsRoute(get(basicAuth(admin.email)), params);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain(`switchyard_executions{tenant="${a}",state="CREATED"} 3`);
    expect(text).toContain(`switchyard_executions{tenant="${b}",state="CREATED"} 1`);
    expect(text).toContain(`switchyard_queue_depth{tenant="${a}"} 3`);
    const oldest = new RegExp(`switchyard_queue_oldest_seconds\\{tenant="${a}"\\} ([\\d.]+)`).exec(text);
    expect(Number(oldest?.[1])).toBeGreaterThanOrEqual(59);
    expect(text).toMatch(/switchyard_lease_expiries_total \d+/);
    expect(text).toContain("switchyard_process_nodejs_eventloop_lag_seconds");
    // Every API answer is timed by route pattern: the first scrape shows in the second.
    const again = await (await metricsRoute(get(basicAuth(admin.email)), params)).text();
    expect(again).toMatch(/switchyard_http_request_duration_seconds_count\{route="\/api\/metrics",method="GET",status="200"\} [1-9]/);
  });

  test("anyone else is refused: tenant ids and counts are the operator's", async () => {
    const t = (await seedTenant()).id;
    const admin = await seedUser({ access: [t], roles: { [t]: "admin" } });
    expect((await metricsRoute(get(basicAuth(admin.email)), params)).status).toBe(403);
    expect((await metricsRoute(get(), params)).status).toBe(401);
  });
});

describe("health", () => {
  test("liveness answers without touching the database; readiness checks database, migrations and worker", async () => {
    expect((await liveRoute()).status).toBe(200);
    const res = await readyRoute();
    const body = (await res.json()) as { status: string; checks: Record<string, { status: string }> };
    expect(body.checks.database.status).toBe("UP");
    expect(body.checks.migrations.status).toBe("UP");
    // No worker runs in this test process: readiness says so (503) rather than pretending.
    expect(body.checks.worker.status).toBe("DOWN");
    expect(res.status).toBe(503);
  });
});
