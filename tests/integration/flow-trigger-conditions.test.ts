import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { executions, flowTriggerConditions } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { dbPreconditionStore } from "@/engine/worker/triggers";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import type { Execution } from "@/engine/executor";
import { seedTenant } from "../helpers/seed";

/**
 * Flow triggers' multi-flow conditions live in flow_trigger_conditions: a restart forgets
 * nothing, the listener fires once when all conditions hold (not once per upstream
 * execution), and two transactions meeting the last conditions at once fire it once.
 */

const upstream = (id: string) => `id: ${id}\nnamespace: pre.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: ${id}\n`;

const listener = (id: string, trigger: string) =>
  `id: ${id}\nnamespace: pre.team\ninputs:\n  - id: needed\n    type: STRING\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ inputs.needed ?? 'none' }}"\ntriggers:\n${trigger}`;

const preconditions = `  - id: both
    type: io.kestra.plugin.core.trigger.Flow
    preconditions:
      id: both-ups
      flows:
        - namespace: pre.team
          flowId: up-a
        - namespace: pre.team
          flowId: up-b
`;

const multiple = `  - id: legacy
    type: io.kestra.plugin.core.trigger.Flow
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionStatus
        in: [SUCCESS]
      - type: io.kestra.plugin.core.condition.MultipleCondition
        id: multi
        window: PT1H
        conditions:
          a:
            type: io.kestra.plugin.core.condition.ExecutionFlow
            namespace: pre.team
            flowId: up-a
          b:
            type: io.kestra.plugin.core.condition.ExecutionFlow
            namespace: pre.team
            flowId: up-b
`;

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

async function run(tenantId: string, flowId: string): Promise<Execution> {
  const started = await startExecution({ tenantId, namespace: "pre.team", flowId, inputs: {} });
  const done = await waitForEnd(tenantId, started.id, 20_000);
  expect(done?.state.current).toBe("SUCCESS");
  return done!;
}

const runsOf = (tenantId: string, flowId: string) =>
  withTenant({ tenantId }, async (tx) => (await tx.select().from(executions).where(eq(executions.flowId, flowId))).map((r) => r.document));

/** Listener executions, once every queued one has ended. */
async function settled(tenantId: string, flowId: string): Promise<Execution[]> {
  await new Promise((r) => setTimeout(r, 400));
  const docs = await runsOf(tenantId, flowId);
  return Promise.all(docs.map(async (d) => (await waitForEnd(tenantId, d.id, 20_000))!));
}

let A: string;
let B: string;
let C: string;

beforeAll(async () => {
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  C = (await seedTenant()).id;
  for (const t of [A, B, C]) {
    await addFlow(t, upstream("up-a"));
    await addFlow(t, upstream("up-b"));
  }
  await addFlow(A, listener("after-both", preconditions));
  await addFlow(C, listener("after-multi", multiple));
  // Tenant B listens to the same namespace and ids: A's executions must never move it.
  await addFlow(B, listener("after-both", preconditions));
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

describe("Flow trigger preconditions in the database", () => {
  test("half met survives a restart; the listener fires once when all hold, required inputs not checked, then starts over", async () => {
    await run(A, "up-a");
    await run(A, "up-a");
    expect(await settled(A, "after-both")).toHaveLength(0);
    const stored = await withTenant({ tenantId: A }, (tx) => tx.select().from(flowTriggerConditions).where(eq(flowTriggerConditions.flowId, "after-both")));
    expect(stored).toHaveLength(1);
    expect(Object.keys(stored[0].met)).toEqual(["flow:0"]);

    // A restart of the engine: what was met is in the database, not in the process.
    await stopEngine();
    await startEngine({ leaseMs: 5000 });

    await run(A, "up-b");
    const fired = await settled(A, "after-both");
    expect(fired).toHaveLength(1);
    // Started by a Flow trigger: the missing required input did not stop it (Kestra's rule).
    expect(fired[0].state.current).toBe("SUCCESS");
    expect(fired[0].trigger).toMatchObject({ id: "both", type: "io.kestra.plugin.core.trigger.Flow" });
    // resetOnSuccess (the default): fired, the results start over.
    await run(A, "up-b");
    expect(await settled(A, "after-both")).toHaveLength(1);
    // Tenant B's listener with the same ids never saw A's executions.
    expect(await runsOf(B, "after-both")).toHaveLength(0);
  });

  test("a MultipleCondition under `conditions` fires once when both flows ran, not once per upstream execution", async () => {
    await run(C, "up-a");
    await run(C, "up-a");
    expect(await settled(C, "after-multi")).toHaveLength(0);
    await run(C, "up-b");
    expect(await settled(C, "after-multi")).toHaveLength(1);
    await run(C, "up-b");
    expect(await settled(C, "after-multi")).toHaveLength(1);
  });

  test("two transactions meeting the last two conditions at once fire once (row lock)", async () => {
    const key = { namespace: "pre.team", flowId: "after-both", triggerId: "both", conditionId: "race" };
    const input = (met: string) => ({ met: [met], conditions: ["x", "y"], window: undefined, resetOnSuccess: true, now: new Date() });
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(
        ["x", "y"].map((met) => withTenant({ tenantId: A }, (tx) => dbPreconditionStore(tx, A).record(key, input(met)))),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    }
  });
});
