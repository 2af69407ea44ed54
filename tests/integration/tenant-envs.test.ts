import { afterAll, beforeAll, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { call, loadRoutes } from "../helpers/routes";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";

/**
 * Issue 10, finding 7: `{{ envs.* }}` showed every ENV_* variable to every tenant. A
 * tenant's own variables (set by a superadmin in its settings) are seen by that tenant's
 * flows only.
 */

beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

async function region(tenantId: string) {
  const source = "id: env\nnamespace: env.ns\ntasks:\n  - id: r\n    type: io.kestra.plugin.core.debug.Return\n    format: \"[{{ envs.region ?? 'none' }}]\"\n";
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace: "env.ns", flowId: "env", inputs: {} });
  const done = await waitForEnd(tenantId, started.id, 20_000);
  expect(done?.state.current).toBe("SUCCESS");
  return done?.taskRunList[0].outputs?.value;
}

test("a tenant's envs are seen by its own flows and by no other tenant's", async () => {
  const [tenantRoute] = await loadRoutes((p) => p === "tenants/[id]");
  const auth = basicAuth((await seedUser({ superAdmin: true })).email);
  const a = await seedTenant();
  const b = await seedTenant();

  const bad = await call(tenantRoute, "PUT", { params: { id: a.id }, auth, body: { settings: { envs: { "Bad-Name": "x" } } } });
  expect(bad.status).toBe(422);

  const saved = await call(tenantRoute, "PUT", { params: { id: a.id }, auth, body: { settings: { envs: { region: "eu-west-a" } } } });
  expect(saved.status, saved.text).toBe(200);
  expect(await region(a.id)).toBe("[eu-west-a]");
  expect(await region(b.id)).toBe("[none]");
});
