import { and, eq } from "drizzle-orm";
import { afterAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { executions, triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, startWebhook, waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/**
 * Kestra's AbstractTrigger `stopAfter` for every trigger kind (the Schedule's is in
 * schedule-conditions.test.ts): once an execution the trigger started ends in a listed
 * state, the trigger is disabled in its state and starts nothing more.
 */
afterAll(async () => {
  await stopEngine();
});

async function save(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

const call = { method: "POST", parameters: {}, headers: {}, body: "{}" };
const triggerState = (tenantId: string, flowId: string) =>
  withTenant({ tenantId }, async (tx) => (await tx.select().from(triggers).where(and(eq(triggers.flowId, flowId))))[0]);

describe("stopAfter on every trigger kind", () => {
  test("a Webhook whose execution ends FAILED is disabled: the next call finds no webhook", async () => {
    await startEngine({ leaseMs: 5000 });
    const tenantId = (await seedTenant()).id;
    await save(
      tenantId,
      "id: hooked\nnamespace: stop.team\ntasks:\n  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\ntriggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: k1\n    stopAfter: [FAILED]\n",
    );
    const first = await startWebhook(tenantId, "stop.team", "hooked", "k1", call);
    expect(first).not.toBeNull();
    expect((await waitForEnd(tenantId, first!.id, 60_000))?.state.current).toBe("FAILED");
    expect((await triggerState(tenantId, "hooked")).disabled).toBe(true);
    expect(await startWebhook(tenantId, "stop.team", "hooked", "k1", call)).toBeNull();
  }, 120_000);

  test("a Flow trigger whose execution ends SUCCESS is disabled: the next upstream end starts nothing", async () => {
    await startEngine({ leaseMs: 5000 });
    const tenantId = (await seedTenant()).id;
    await save(tenantId, "id: up\nnamespace: stop.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: x\n");
    await save(
      tenantId,
      "id: down\nnamespace: stop.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: y\ntriggers:\n  - id: after-up\n    type: io.kestra.plugin.core.trigger.Flow\n    stopAfter: [SUCCESS]\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionFlow\n        namespace: stop.team\n        flowId: up\n",
    );
    const downRuns = () => withTenant({ tenantId }, (tx) => tx.select().from(executions).where(eq(executions.flowId, "down")));
    const first = await startExecution({ tenantId, namespace: "stop.team", flowId: "up", inputs: {} });
    expect((await waitForEnd(tenantId, first.id, 60_000))?.state.current).toBe("SUCCESS");
    const deadline = Date.now() + 60_000;
    while ((await downRuns()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [down] = await downRuns();
    expect((await waitForEnd(tenantId, down.id, 60_000))?.state.current).toBe("SUCCESS");
    expect((await triggerState(tenantId, "down")).disabled).toBe(true);
    const second = await startExecution({ tenantId, namespace: "stop.team", flowId: "up", inputs: {} });
    expect((await waitForEnd(tenantId, second.id, 60_000))?.state.current).toBe("SUCCESS");
    expect(await downRuns()).toHaveLength(1);
  }, 120_000);
});
