import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { flowTriggerConditions, flows, triggers } from "@/db/schema";
import { canonicalType } from "@/engine/tasks/registry";
import { recordResults } from "@/engine/conditions/window";
import { disabledTriggerKeys } from "@/db/queries/triggers";
import { insertExecution } from "@/db/queries/executions";
import { enqueueWork } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { withTenantEnvs } from "./settings";
import { getTenant } from "@/db/queries/tenants";
import { namespaceAllows } from "@/db/queries/namespaces";
import { withinNamespace } from "@/engine/namespaces/reach";
import { createExecution, enteredStateViews, flowTriggersFor, resolveInputs, type Execution, type ConditionKey, type PreconditionStore } from "@/engine/executor";
import { findStateListenerFlows } from "@/db/queries/progress";

/**
 * The tenant's Flow-trigger condition results in flow_trigger_conditions, read and written
 * in the transaction that saves the upstream execution's end, under the row's lock: two
 * processes ending the last two upstream executions at once fire the trigger once, and a
 * restart forgets nothing.
 */
export function dbPreconditionStore(tx: Tx, tenantId: string): PreconditionStore {
  return {
    async record(key: ConditionKey, input) {
      const where = and(
        eq(flowTriggerConditions.namespace, key.namespace),
        eq(flowTriggerConditions.flowId, key.flowId),
        eq(flowTriggerConditions.triggerId, key.triggerId),
        eq(flowTriggerConditions.conditionId, key.conditionId),
      );
      await tx.insert(flowTriggerConditions).values({ tenantId, ...key }).onConflictDoNothing();
      const [row] = await tx.select().from(flowTriggerConditions).where(where).for("update");
      const { fire, state } = recordResults(row ? { met: row.met, windowStart: row.windowStart, windowEnd: row.windowEnd } : null, input);
      if (state) await tx.update(flowTriggerConditions).set({ ...state, updatedAt: sql`now()` }).where(where);
      else await tx.delete(flowTriggerConditions).where(where);
      return fire;
    },
  };
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
  // A trigger disabled in its state (API, page, Toggle task, stopAfter) watches nothing.
  const off = await disabledTriggerKeys(tx);
  const candidates = reachable.map((r) => ({
    ...r.definition,
    triggers: r.definition.triggers?.map((t) => (off.has(`${r.namespace} ${r.id} ${t.id}`) ? { ...t, disabled: true } : t)),
  }));
  const all = upstream ? [...candidates, upstream.definition] : candidates;
  const fired = await flowTriggersFor(all, ended, dbPreconditionStore(tx, tenantId), withTenantEnvs((await getTenant(tx, { id: tenantId }))?.settings?.envs));
  for (const f of fired) {
    const revision = rows.find((r) => r.namespace === f.flow.namespace && r.id === f.flow.id)?.revision ?? 1;
    // As Kestra: an execution started by a Flow trigger is created without checking required inputs.
    const relaxed = f.flow.inputs?.map((i) => ({ ...i, required: false }));
    const typed = resolveInputs(relaxed, f.inputs, "typed");
    const inputs = typed.ok ? typed.inputs : { ...f.inputs };
    const execution = createExecution({ flow: f.flow, revision, inputs, trigger: f.trigger, now: new Date() });
    await insertExecution(tx, { tenantId, doc: execution });
    await enqueueWork(tx, { tenantId, executionId: execution.id });
  }
  return fired.length > 0;
}

/** The non-terminal states `execution` entered after its first `savedHistories` history entries (those a save must evaluate). */
export function enteredStates(execution: Execution, savedHistories: number): string[] {
  return enteredStateViews(execution, savedHistories).map((view) => view.state.current);
}

/**
 * Fires, in the transaction that saves `execution`, the Flow triggers listening to the
 * non-terminal states it entered after its first `savedHistories` history entries (RUNNING,
 * PAUSED...), once per state entered: the save is versioned, so each transition is
 * evaluated by exactly one process. `rows`: the flows read with the save, else read here.
 * True when it queued any execution.
 */
export async function fireStateTriggers(tx: Tx, tenantId: string, execution: Execution, savedHistories: number, rows?: TriggerFlow[]): Promise<boolean> {
  const views = enteredStateViews(execution, savedHistories);
  if (views.length === 0) return false;
  const flows = rows ?? (await findStateListenerFlows(tx, { states: views.map((view) => view.state.current) }));
  let queued = false;
  for (const view of views) queued = (await fireFlowTriggers(tx, tenantId, view, flows)) || queued;
  return queued;
}

/**
 * Kestra's `stopAfter`: when an execution started by a trigger ends in one of the trigger's
 * `stopAfter` states, the trigger disables itself (in the transaction that saves the end).
 */
export async function applyStopAfter(tx: Tx, execution: Execution, flow: Flow): Promise<boolean> {
  const fired = execution.trigger;
  if (!fired) return false;
  const definition = (flow.triggers ?? []).find((t) => t.id === fired.id && canonicalType(t.type) === canonicalType(fired.type)) as { stopAfter?: string[] } | undefined;
  if (!definition?.stopAfter?.includes(execution.state.current)) return false;
  const stopped = await tx
    .update(triggers)
    .set({ disabled: true, nextExecutionDate: null, updatedAt: sql`now()` })
    .where(and(eq(triggers.namespace, execution.namespace), eq(triggers.flowId, execution.flowId), eq(triggers.triggerId, fired.id)))
    .returning({ id: triggers.triggerId });
  return stopped.length > 0;
}
