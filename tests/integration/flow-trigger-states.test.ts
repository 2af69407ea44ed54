import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { executions } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { killExecution, readExecution, resumeExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import type { Execution } from "@/engine/executor";
import { setTenantQuotas } from "@/lib/server/tenants";
import { seedTenant, seedUser } from "../helpers/seed";

/**
 * A Flow trigger whose `states` lists non-terminal states fires on each transition into one
 * of them, as Kestra's FlowTriggerCaseTest.triggerWithPause asserts (the listener of
 * trigger-flow-with-pause runs for RUNNING, PAUSED, RUNNING, SUCCESS), once per transition.
 */

const withPause = `id: with-pause
namespace: st.team
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: hello
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
    delay: PT0.5S
  - id: again
    type: io.kestra.plugin.core.log.Log
    message: again
`;

const waitsForResume = `id: waits
namespace: st.team
tasks:
  - id: pause
    type: io.kestra.plugin.core.flow.Pause
  - id: after
    type: io.kestra.plugin.core.log.Log
    message: resumed
`;

const listener = (id: string, upstream: string, states: string) => `id: ${id}
namespace: st.team
outputs:
  - id: status
    type: STRING
    value: "{{ trigger.state }}"
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: "{{ trigger.executionId }} is {{ trigger.state }}"
triggers:
  - id: listen
    type: io.kestra.plugin.core.trigger.Flow
    states: ${states}
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: st.team
        flowId: ${upstream}
`;

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

const runsOf = (tenantId: string, flowId: string) =>
  withTenant({ tenantId }, async (tx) => (await tx.select().from(executions).where(eq(executions.flowId, flowId))).map((r) => r.document));

/** The listener's executions once `count` of them exist and all have ended. */
async function listenerRuns(tenantId: string, flowId: string, count: number): Promise<Execution[]> {
  const until = Date.now() + 20_000;
  let docs = await runsOf(tenantId, flowId);
  while (docs.length < count && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    docs = await runsOf(tenantId, flowId);
  }
  // A little longer: a transition fired twice would show up now.
  await new Promise((r) => setTimeout(r, 500));
  docs = await runsOf(tenantId, flowId);
  return Promise.all(docs.map(async (d) => (await waitForEnd(tenantId, d.id, 20_000))!));
}

const statuses = (runs: Execution[]) => runs.map((r) => String(r.outputs?.status)).sort();

let A: string;
let B: string;
let Q: string;

beforeAll(async () => {
  A = (await seedTenant()).id;
  B = (await seedTenant()).id;
  await addFlow(A, withPause);
  await addFlow(A, waitsForResume);
  await addFlow(A, listener("on-pause-flow", "with-pause", "[RUNNING, PAUSED, SUCCESS, WARNING, FAILED]"));
  await addFlow(A, listener("on-paused", "waits", "[PAUSED]"));
  await addFlow(A, listener("on-running", "waits", "[RUNNING]"));
  // Tenant B has the same listener: A's executions never start it.
  await addFlow(B, withPause);
  await addFlow(B, listener("on-pause-flow", "with-pause", "[RUNNING, PAUSED, SUCCESS, WARNING, FAILED]"));
  // A listener whose inputs cannot render: it must not stop A's kill of what it watches.
  await addFlow(A, `id: broken-listener
namespace: st.team
inputs:
  - id: x
    type: STRING
    required: false
tasks:
  - id: t
    type: io.kestra.plugin.core.log.Log
    message: never
triggers:
  - id: listen
    type: io.kestra.plugin.core.trigger.Flow
    states: [KILLING]
    inputs:
      x: "{{ nope.deep }}"
    conditions:
      - type: io.kestra.plugin.core.condition.ExecutionFlow
        namespace: st.team
        flowId: waits
`);
  // Tenant Q runs one execution at a time (its running quota): the second waits QUEUED.
  Q = (await seedTenant()).id;
  await addFlow(Q, withPause);
  await addFlow(Q, listener("on-queued", "with-pause", "[QUEUED]"));
  const superadmin = await seedUser({ superAdmin: true });
  await setTenantQuotas({ userId: superadmin.id, superAdmin: true }, { id: Q, quotas: { maxRunningExecutions: 1 } });
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

describe("Flow trigger on non-terminal states", () => {
  test("fires on RUNNING, PAUSED, RUNNING again after the pause, and SUCCESS: once each", async () => {
    const started = await startExecution({ tenantId: A, namespace: "st.team", flowId: "with-pause", inputs: {} });
    const done = await waitForEnd(A, started.id, 20_000);
    expect(done?.state.current).toBe("SUCCESS");
    const runs = await listenerRuns(A, "on-pause-flow", 4);
    expect(statuses(runs)).toEqual(["PAUSED", "RUNNING", "RUNNING", "SUCCESS"]);
    expect(runs.every((r) => r.state.current === "SUCCESS" && r.trigger?.variables?.executionId === started.id)).toBe(true);
    expect(await runsOf(B, "on-pause-flow")).toHaveLength(0);
  });

  test("`states: [PAUSED]` fires when the upstream pauses; `[RUNNING]` when it starts and when it is resumed", async () => {
    const started = await startExecution({ tenantId: A, namespace: "st.team", flowId: "waits", inputs: {} });
    const until = Date.now() + 20_000;
    while ((await readExecution(A, started.id))?.state.current !== "PAUSED" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(statuses(await listenerRuns(A, "on-paused", 1))).toEqual(["PAUSED"]);
    expect(statuses(await listenerRuns(A, "on-running", 1))).toEqual(["RUNNING"]);
    await resumeExecution(A, started.id, {});
    expect((await waitForEnd(A, started.id, 20_000))?.state.current).toBe("SUCCESS");
    expect(statuses(await listenerRuns(A, "on-running", 2))).toEqual(["RUNNING", "RUNNING"]);
    expect(await runsOf(A, "on-paused")).toHaveLength(1);
  });

  test("a listener whose inputs cannot render is skipped: the upstream's kill still goes through", async () => {
    const started = await startExecution({ tenantId: A, namespace: "st.team", flowId: "waits", inputs: {} });
    const until = Date.now() + 20_000;
    while ((await readExecution(A, started.id))?.state.current !== "PAUSED" && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await killExecution(A, started.id);
    expect((await waitForEnd(A, started.id, 20_000))?.state.current).toBe("KILLED");
    expect(await runsOf(A, "broken-listener")).toHaveLength(0);
  });

  test("`states: [QUEUED]` fires when the tenant's running quota makes an execution wait", async () => {
    const first = await startExecution({ tenantId: Q, namespace: "st.team", flowId: "with-pause", inputs: {} });
    const second = await startExecution({ tenantId: Q, namespace: "st.team", flowId: "with-pause", inputs: {} });
    // The second waits QUEUED while the first runs (half a second of pause), then runs; the
    // listener's own execution waits its turn under the same quota.
    expect((await waitForEnd(Q, first.id, 20_000))?.state.current).toBe("SUCCESS");
    const ended = (await waitForEnd(Q, second.id, 20_000))!;
    expect(ended.state.current).toBe("SUCCESS");
    expect(ended.state.histories.map((h) => h.state)).toContain("QUEUED");
    const runs = await listenerRuns(Q, "on-queued", 1);
    expect(statuses(runs)).toEqual(["QUEUED"]);
    expect(runs[0].trigger?.variables?.executionId).toBe(second.id);
  });
});
