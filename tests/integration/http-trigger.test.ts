import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { getTrigger } from "@/db/queries/triggers";
import { validateFlowSource } from "@/engine/flow/validate";
import { forgetNetworkPolicy } from "@/engine/net/tenant-policy";
import { createScheduler } from "@/engine/scheduler";
import { readExecution } from "@/lib/server/executions/commands";
import { updateTenant } from "@/lib/server/tenants/update";
import { seedTenant } from "../helpers/seed";

/**
 * Issue 14: io.kestra.plugin.core.http.Trigger, a polling trigger, against a local HTTP
 * server. Each tenant's trigger polls with its own tenant's network policy and starts its
 * own tenant's execution; a tenant whose endpoint hangs delays no one's schedule.
 */
let server: Server;
let base = "";
let release: () => void = () => {};
let slowPending = false;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/ready") {
      res.writeHead(200, { "content-type": "application/json", "x-probe": "yes" });
      res.end(JSON.stringify({ ready: true, items: [1, 2] }));
    } else if (req.url === "/slow") {
      slowPending = true;
      new Promise<void>((r) => (release = r)).then(() => {
        slowPending = false;
        res.writeHead(200);
        res.end("late");
      });
    } else {
      res.writeHead(503);
      res.end("down");
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  release();
  await new Promise((r) => server.close(r));
});

const polling = (uri: string, extra = "") => `id: poller
namespace: iso.http
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.code }}"
triggers:
  - id: http
    type: io.kestra.plugin.core.http.Trigger
    uri: ${uri}
    interval: PT30S
${extra}`;

async function tenantWithLoopback() {
  const id = (await seedTenant()).id;
  await updateTenant({ userId: null, superAdmin: true }, { id, patch: { settings: { allowedNetworks: ["127.0.0.0/8"] } } });
  forgetNetworkPolicy(id);
  return id;
}

async function save(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

const row = (tenantId: string, flowId = "poller", triggerId = "http") =>
  withTenant({ tenantId }, (tx) => getTrigger(tx, { namespace: "iso.http", flowId, triggerId }));

describe("http.Trigger polls per tenant", () => {
  test("starts an execution with trigger.body, code and headers when the condition holds; not when it fails", { timeout: 60_000 }, async () => {
    const a = await tenantWithLoopback();
    const b = await tenantWithLoopback();
    await save(a, polling(`${base}/ready`, '    responseCondition: "{{ response.body.ready and response.statusCode == 200 }}"'));
    // The same flow in tenant B, on an endpoint that answers 503: the default condition fails.
    await save(b, polling(`${base}/down`));
    expect((await row(a))?.nextExecutionDate).not.toBeNull();

    let now = new Date(Date.now() + 1000);
    const scheduler = createScheduler({ tenants: [a, b], clock: () => now, owner: `http-${a}` });
    await scheduler.tick();
    await scheduler.idle();

    const stateA = await row(a);
    expect(stateA?.executionId).toBeTruthy();
    expect(stateA?.nextExecutionDate?.getTime()).toBe(now.getTime() + 30_000);
    const execution = await readExecution(a, stateA!.executionId!);
    expect(execution?.trigger).toMatchObject({ id: "http", type: "io.kestra.plugin.core.http.Trigger", variables: { code: 200, body: { ready: true, items: [1, 2] } } });
    expect((execution?.trigger?.variables as { headers: Record<string, unknown> }).headers["x-probe"]).toBe("yes");

    const stateB = await row(b);
    expect(stateB?.executionId).toBeNull();
    expect(stateB?.nextExecutionDate?.getTime()).toBe(now.getTime() + 30_000);
    expect(await readExecution(b, stateA!.executionId!)).toBeNull();

    // Not due again before the interval.
    const before = hits.length;
    now = new Date(now.getTime() + 10_000);
    await scheduler.tick();
    await scheduler.idle();
    expect(hits.length).toBe(before);
  });

  test("the SSRF guard applies: a tenant without the loopback in its networks polls nothing", { timeout: 60_000 }, async () => {
    const closed = (await seedTenant()).id;
    await save(closed, polling(`${base}/ready`));
    const before = hits.filter((h) => h === "/ready").length;
    const scheduler = createScheduler({ tenants: [closed], clock: () => new Date(Date.now() + 1000), owner: `closed-${closed}` });
    await scheduler.tick();
    await scheduler.idle();
    expect(hits.filter((h) => h === "/ready").length).toBe(before);
    const state = await row(closed);
    expect(state?.executionId).toBeNull();
    expect(state?.nextExecutionDate).not.toBeNull();
  });

  test("a tenant's hanging endpoint does not hold the pass: another tenant's Schedule fires meanwhile", { timeout: 60_000 }, async () => {
    const slow = await tenantWithLoopback();
    const other = await tenantWithLoopback();
    await save(slow, polling(`${base}/slow`));
    await save(
      other,
      `id: ticker\nnamespace: iso.http\ntasks:\n  - id: a\n    type: io.kestra.plugin.core.log.Log\n    message: tick\ntriggers:\n  - id: every\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "* * * * *"\n`,
    );
    const now = new Date(Date.now() + 61_000);
    const scheduler = createScheduler({ tenants: [slow, other], clock: () => now, owner: `slow-${slow}`, graceMs: 3600_000, pollTimeoutMs: 20_000 });
    const created = await scheduler.tick();
    // The pass is over, the Schedule fired, and the slow tenant's call is still waiting.
    expect(created).toBeGreaterThanOrEqual(1);
    expect((await row(other, "ticker", "every"))?.executionId).toBeTruthy();
    // The poll went on beside the pass: its call reaches the server and waits there.
    for (let i = 0; i < 100 && !slowPending; i++) await new Promise((r) => setTimeout(r, 50));
    expect(slowPending).toBe(true);
    expect((await row(slow))?.executionId).toBeNull();
    release();
    await scheduler.idle();
    expect((await row(slow))?.executionId).toBeTruthy();
  });

  test("stopping the scheduler aborts a hanging poll instead of waiting for its timeout", { timeout: 60_000 }, async () => {
    const slow = await tenantWithLoopback();
    await save(slow, polling(`${base}/slow`));
    const now = new Date(Date.now() + 1000);
    const scheduler = createScheduler({ tenants: [slow], clock: () => now, owner: `stop-${slow}`, pollTimeoutMs: 20_000, leaseMs: 60_000 });
    await scheduler.tick();
    for (let i = 0; i < 100 && !slowPending; i++) await new Promise((r) => setTimeout(r, 50));
    expect(slowPending).toBe(true);
    const started = Date.now();
    await scheduler.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    const state = await row(slow);
    expect(state?.executionId).toBeNull();
    expect(state?.nextExecutionDate?.getTime()).toBe(now.getTime() + 30_000);
    release();
  });
});
