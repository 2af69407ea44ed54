import { and, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { flows } from "@/db/schema";
import { insertExecution } from "@/db/queries/executions";
import { enqueueWork } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { withTenantEnvs } from "./settings";
import { getTenant } from "@/db/queries/tenants";
import { namespaceAllows } from "@/db/queries/namespaces";
import { withinNamespace } from "@/engine/namespaces/reach";
import { createExecution, flowTriggersFor, resolveInputs, type Execution, type PreconditionStore } from "@/engine/executor";

// Preconditions met so far, per tenant. Kept in this process: a restart forgets partial
// progress of multi-flow preconditions (noted as a gap; single-condition triggers are exact).
const globalStores = globalThis as unknown as { __switchyardPreconditions?: Map<string, PreconditionStore> };

function storeFor(tenantId: string): PreconditionStore {
  globalStores.__switchyardPreconditions ??= new Map();
  let store = globalStores.__switchyardPreconditions.get(tenantId);
  if (!store) {
    store = new Map();
    globalStores.__switchyardPreconditions.set(tenantId, store);
  }
  return store;
}

/** A flow of the tenant that declares triggers, as `saveProgress` returns them. */
export type TriggerFlow = { namespace: string; id: string; revision: number; definition: Flow };

/**
 * Starts the flows of this tenant whose Flow triggers fire on `ended`; true when it queued
 * any. `rows`: the tenant's flows with triggers (read with the save). In the tenant's transaction.
 */
export async function fireFlowTriggers(tx: Tx, tenantId: string, ended: Execution, rows: TriggerFlow[]): Promise<boolean> {
  if (rows.length === 0) return false;
  const [upstream] = await tx
    .select({ definition: flows.definition })
    .from(flows)
    .where(and(eq(flows.namespace, ended.namespace), eq(flows.id, ended.flowId)));
  // A flow watches another namespace's executions only where the namespace rule lets it reach (engine/namespaces/reach.ts).
  const reachable = [];
  for (const r of rows) {
    if (withinNamespace(r.namespace, ended.namespace) || (await namespaceAllows(tx, { to: ended.namespace, from: r.namespace }))) reachable.push(r);
  }
  const candidates = reachable.map((r) => r.definition);
  const all = upstream ? [...candidates, upstream.definition] : candidates;
  const fired = await flowTriggersFor(all, ended, storeFor(tenantId), withTenantEnvs((await getTenant(tx, { id: tenantId }))?.settings?.envs));
  for (const f of fired) {
    const revision = rows.find((r) => r.namespace === f.flow.namespace && r.id === f.flow.id)?.revision ?? 1;
    const inputs = resolveInputs(f.flow.inputs, f.inputs, "typed");
    if (!inputs.ok) continue;
    const execution = createExecution({ flow: f.flow, revision, inputs: inputs.inputs, trigger: f.trigger, now: new Date() });
    await insertExecution(tx, { tenantId, doc: execution });
    await enqueueWork(tx, { tenantId, executionId: execution.id });
  }
  return fired.length > 0;
}
