import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { resetWebhookLimits, takeWebhookToken } from "@/lib/api/webhook-limit";
import { seedTenant } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/** Kestra's Webhook `wait` / `returnOutputs`, and the per-tenant rate limit on webhook calls. */

let A: string;
let B: string;
let route: RouteFile;

const flow = (id: string, options: string) => `id: ${id}
namespace: hook.team
tasks:
  - id: t
    type: io.kestra.plugin.core.debug.Return
    format: "hello {{ trigger.body.name ?? 'nobody' }}"
outputs:
  - id: greeting
    type: STRING
    value: "{{ outputs.t.value }}"
triggers:
  - id: hook
    type: io.kestra.plugin.core.trigger.Webhook
    key: key-${id}
${options}`;

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

const hook = (tenant: string, flowId: string, body: unknown = { name: "ada" }) =>
  call(route, "POST", { params: { tenant, namespace: "hook.team", flowId, key: `key-${flowId}` }, body });

beforeAll(async () => {
  route = (await loadRoutes((p) => p === "[tenant]/executions/webhook/[namespace]/[flowId]/[key]"))[0];
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  for (const t of [A, B]) {
    await addFlow(t, flow("outputs", "    wait: true\n    returnOutputs: true\n"));
    await addFlow(t, flow("waits", "    wait: true\n"));
    await addFlow(t, flow("fire", ""));
  }
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});
afterEach(() => {
  delete process.env.WEBHOOK_RATE_PER_SECOND;
  delete process.env.WEBHOOK_RATE_BURST;
  resetWebhookLimits();
});

describe("webhook wait and returnOutputs", () => {
  test("returnOutputs answers with the ended execution's outputs", async () => {
    const res = await hook(A, "outputs");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ greeting: "hello ada" });
  });

  test("wait answers once the execution ended, with its state and outputs", async () => {
    const res = await hook(A, "waits", { name: "bob" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tenantId: A, flowId: "waits", state: { current: "SUCCESS" }, outputs: { greeting: "hello bob" } });
  });

  test("without wait the call answers at once, CREATED", async () => {
    const res = await hook(A, "fire");
    expect(res.status).toBe(200);
    expect((res.json as { state: { current: string } }).state.current).toBe("CREATED");
  });
});

describe("webhook rate limit per tenant", () => {
  test("over the burst a tenant gets 429 with Retry-After; another tenant is not slowed", async () => {
    process.env.WEBHOOK_RATE_PER_SECOND = "1";
    process.env.WEBHOOK_RATE_BURST = "3";
    // The bucket, at a fixed time: three calls pass, the fourth waits a second.
    const t = Date.now() + 60_000;
    resetWebhookLimits();
    for (let i = 0; i < 3; i++) takeWebhookToken("bucket-check", t);
    expect(() => takeWebhookToken("bucket-check", t)).toThrow(/Too many webhook calls/);
    expect(() => takeWebhookToken("bucket-check", t + 1000)).not.toThrow();
    // Through the route: A's burst used up (the calls themselves take time, so it is spent directly).
    expect((await hook(A, "fire")).status).toBe(200);
    const spend = () => {
      for (let i = 0; i < 10; i++) {
        try {
          takeWebhookToken(A);
        } catch {
          return;
        }
      }
    };
    spend();
    const limited = await call(route, "POST", { params: { tenant: A, namespace: "hook.team", flowId: "fire", key: "key-fire" }, body: {} });
    expect(limited.status).toBe(429);
    expect(limited.text).toContain("Too many webhook calls");
    // Route handlers answer through errorResponse: the header is on the Response.
    spend();
    const res = await route.module.POST!(
      new Request(`http://localhost/api/v1/${A}/executions/webhook/hook.team/fire/key-fire`, { method: "POST", body: "{}", headers: { "content-type": "application/json" } }),
      { params: Promise.resolve({ tenant: A, namespace: "hook.team", flowId: "fire", key: "key-fire" }) },
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Tenant B has its own bucket.
    expect((await hook(B, "fire")).status).toBe(200);
    // A bad key is still a 404 for a tenant under its limit (no existence leak through 429 ordering).
    resetWebhookLimits();
    expect((await call(route, "POST", { params: { tenant: A, namespace: "hook.team", flowId: "fire", key: "nope" }, body: {} })).status).toBe(404);
  });
});
