import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";

/**
 * Issue 10, finding 3, attacked as the probe did: a tenant's http.Request aimed at the
 * instance's own services. Denied by default; a superadmin may open ranges per tenant
 * through the tenants API, and only that tenant gains them.
 */

let service: http.Server;
let port: number;
let hits = 0;
let tenantRoute: RouteFile;
let superadmin: Awaited<ReturnType<typeof seedUser>>;

async function runHttpFlow(tenantId: string, uri: string) {
  const source = `id: probe
namespace: probe.ns
tasks:
  - id: req
    type: io.kestra.plugin.core.http.Request
    uri: "${uri}"
`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace: "probe.ns", flowId: "probe", inputs: {} });
  return waitForEnd(tenantId, started.id, 20_000);
}

beforeAll(async () => {
  service = http.createServer((_req, res) => {
    hits++;
    res.end('{"status":"UP"}');
  });
  await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
  port = (service.address() as AddressInfo).port;
  [tenantRoute] = await loadRoutes((p) => p === "tenants/[id]");
  superadmin = await seedUser({ superAdmin: true });
  await startEngine({ leaseMs: 5000 });
});

afterAll(async () => {
  await stopEngine();
  service.close();
});

describe("http.Request cannot reach the instance's own services", () => {
  test.each([
    ["loopback", () => `http://127.0.0.1:${port}/api/health`],
    ["a decimal address", () => `http://2130706433:${port}/api/health`],
    ["localhost", () => `http://localhost:${port}/api/auth/providers`],
    ["IPv6 loopback", () => `http://[::1]:${port}/`],
    ["a data: URL", () => "data:text/plain,hello"],
  ])("%s fails the task with a message saying why", async (_name, uri) => {
    const tenant = await seedTenant();
    const done = await runHttpFlow(tenant.id, uri());
    expect(done?.state.current).toBe("FAILED");
    const logs = await withTenant({ tenantId: tenant.id }, (tx) => findExecutionLogs(tx, { executionId: done!.id, minLevel: "ERROR" }));
    expect(logs.map((l) => l.message).join("\n")).toMatch(/is denied: (loopback|ipv4Mapped) addresses are not reachable|scheme 'data' is not allowed/);
    expect(hits).toBe(0);
  });

  test("a superadmin opens a range for one tenant only; bad ranges are a 422 naming the field", async () => {
    const open = await seedTenant();
    const closed = await seedTenant();
    const auth = basicAuth(superadmin.email);

    const bad = await call(tenantRoute, "PUT", { params: { id: open.id }, auth, body: { settings: { allowedNetworks: ["127.0.0.0/33"] } } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toContain("settings.allowedNetworks[0]");

    const plain = await seedUser({ access: [open.id] });
    const refused = await call(tenantRoute, "PUT", { params: { id: open.id }, auth: basicAuth(plain.email), body: { settings: { allowedNetworks: ["127.0.0.0/8"] } } });
    expect(refused.status).toBe(403);

    const saved = await call(tenantRoute, "PUT", { params: { id: open.id }, auth, body: { settings: { allowedNetworks: ["127.0.0.0/8"] } } });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ settings: { allowedNetworks: ["127.0.0.0/8"] } });

    const reached = await runHttpFlow(open.id, `http://127.0.0.1:${port}/api/health`);
    expect(reached?.state.current).toBe("SUCCESS");
    expect(reached?.taskRunList[0].outputs).toMatchObject({ code: 200, body: '{"status":"UP"}' });
    expect(hits).toBe(1);

    const still = await runHttpFlow(closed.id, `http://127.0.0.1:${port}/api/health`);
    expect(still?.state.current).toBe("FAILED");
    expect(hits).toBe(1);
  });
});
