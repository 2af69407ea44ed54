import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { findFlowExecutionsByState, getExecutions } from "@/db/queries/executions";
import { saveFlow } from "@/db/queries/flows";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { executionFiles } from "@/engine/worker/services";
import { seedTenant } from "../helpers/seed";

/** flow.ForEachItem on the worker: its subflow executions start in the parent's tenant only. */

const ALL_STATES = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED"];

async function addFlow(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

/** The executions of flow fei-child a tenant sees. */
const childsOf = (tenantId: string) =>
  withTenant({ tenantId }, async (tx) => {
    const rows = await findFlowExecutionsByState(tx, { namespace: "company.team", flowId: "fei-child", states: ALL_STATES });
    return (await getExecutions(tx, { ids: rows.map((r) => r.id) })).map((r) => r.document);
  });

const child = (said: string) => `id: fei-child
namespace: company.team
inputs:
  - id: items
    type: STRING
tasks:
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "${said} {{ read(inputs.items) }}"
outputs:
  - id: first
    type: STRING
    value: "{{ read(inputs.items) | trim | split('\\n') | first }}"
`;

const parent = `id: fei-parent
namespace: company.team
tasks:
  - id: lines
    type: io.kestra.plugin.core.storage.Write
    extension: .txt
    content: "a\\nb\\nc\\nd\\ne\\n"
  - id: each
    type: io.kestra.plugin.core.flow.ForEachItem
    items: "{{ outputs.lines.uri }}"
    batch:
      rows: 2
    namespace: company.team
    flowId: fei-child
    inputs:
      items: "{{ taskrun.items }}"
`;

let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  tenantA = (await seedTenant()).id;
  tenantB = (await seedTenant()).id;
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

describe("flow.ForEachItem on the database", () => {
  test("starts its subflows in its own tenant only, one per batch, and merges their outputs", async () => {
    // Only tenant B has the child flow: A's ForEachItem must not find it.
    await addFlow(tenantB, child("B"));
    await addFlow(tenantA, parent);
    const refused = await startExecution({ tenantId: tenantA, namespace: "company.team", flowId: "fei-parent", inputs: {} });
    const failed = await waitForEnd(tenantA, refused.id, 20_000);
    expect(failed?.state.current).toBe("FAILED");
    expect(await childsOf(tenantB)).toHaveLength(0);

    await addFlow(tenantA, child("A"));
    const started = await startExecution({ tenantId: tenantA, namespace: "company.team", flowId: "fei-parent", inputs: {} });
    const done = await waitForEnd(tenantA, started.id, 30_000);
    expect(done?.state.current).toBe("SUCCESS");
    expect(done?.taskRunList.map((r) => r.taskId)).toEqual(["lines", "each", "each_split", "each_items", "each_merge"]);
    const items = done?.taskRunList.find((r) => r.taskId === "each_items");
    expect(items?.outputs).toMatchObject({ numberOfBatches: 3, iterations: { CREATED: 0, RUNNING: 0, SUCCESS: 3 } });

    const children = (await childsOf(tenantA)).filter((e) => e.trigger?.variables?.executionId === started.id);
    expect(children).toHaveLength(3);
    expect(children.map((e) => e.state.current)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
    expect(children.map((e) => e.outputs?.first).sort()).toEqual(["a", "c", "e"]);
    // One line of outputs per subflow, in batch order, in the parent's files.
    const merged = done?.taskRunList.find((r) => r.taskId === "each_merge")?.outputs?.subflowOutputs;
    const bytes = await executionFiles(tenantA, done!).read(String(merged));
    expect(bytes?.toString("utf8").trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ first: "a" }, { first: "c" }, { first: "e" }]);
    // Tenant B's child flow was never run by A.
    expect(await childsOf(tenantB)).toHaveLength(0);
  });
});
