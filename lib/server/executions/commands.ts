import { sql } from "drizzle-orm";
import { withTenant, withTenantPipeline } from "@/db/tenant";
import type { Tx } from "@/db/client";
import { getFlow, getFlowRevision } from "@/db/queries/flows";
import { disabledTriggerIds } from "@/db/queries/triggers";
import { deleteExecution, getExecution, insertExecution, insertExecutionStatement, insertedExecutionOf, saveExecution } from "@/db/queries/executions";
import { enqueueWork } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { createExecution, markAs, replay, restart, resume, resolveInputs, webhookTrigger, type Execution, type ExecutionTrigger, type InputsMode, type Label, type WebhookCall } from "@/engine/executor";
import { isTerminated } from "@/engine/executor/state";
import { kill as killDocument } from "@/engine/executor";
import { ApiError } from "@/lib/errors";
import type { Actor } from "@/lib/server/actor";
import { audit, auditStatement, type AuditEntry } from "@/lib/server/audit";
import { newId } from "@/lib/ids";
import { executionFiles } from "@/engine/worker/services";
import { getStorage } from "@/engine/storage/storage";
import { tenantQuotas } from "@/engine/quotas/limits";
import { nextExecutionSignal, signalExecution, signalWork, wakeWorkAt } from "@/engine/worker/wakeup";
import { localWorker } from "@/engine/worker";
import { currentFlow, forgetFlow } from "@/engine/worker/flow-cache";
import { fireStateTriggers } from "@/engine/worker/triggers";

/**
 * The execution documents' operations, unchecked: each runs in the tenant's transaction,
 * writes the document with a version check, records the given audit entry in the same
 * transaction, and asks a worker to carry on. The doors never call these: they call the
 * use cases next to this file, which check the caller's permission first. The engine's
 * own tests and the conformance runner use them directly.
 */

/**
 * The audit entry of an operation and who did it; absent for the engine's own writes.
 * Where the operation creates an execution (start, replay), its id is the entry's resource.
 */
export type Audited = { actor: Actor; entry: AuditEntry };

const MAX_INPUT_BYTES = 256 * 1024;

export type StartInput = {
  tenantId: string;
  namespace: string;
  flowId: string;
  revision?: number;
  inputs: Record<string, unknown>;
  files?: Record<string, { name: string; content: Buffer }>;
  labels?: Label[];
  /** `raw` keeps the given map as is (webhooks, conformance records); `typed` by default. */
  inputsMode?: InputsMode;
  trigger?: ExecutionTrigger | null;
  /** Kestra's scheduleDate: the execution is created now (CREATED) and runs at this date. */
  scheduleDate?: Date;
  audit?: Audited;
};

async function flowFor(tx: Tx, namespace: string, flowId: string, revision?: number) {
  const row = revision ? await getFlowRevision(tx, { namespace, id: flowId, revision }) : await getFlow(tx, { namespace, id: flowId });
  if (!row || row.deleted) throw new ApiError("not_found", `Flow ${namespace}.${flowId}${revision ? ` revision ${revision}` : ""} not found`);
  return { flow: row.definition, revision: row.revision };
}

/**
 * Validates inputs against the flow, stores FILE inputs, creates the execution (CREATED)
 * and queues it. On PostgreSQL that is one round trip when the flow is cached (the insert
 * checks it did not change), two when it must be read.
 */
export async function startExecution(input: StartInput): Promise<Execution> {
  for (const [key, value] of Object.entries(input.inputs)) {
    if (typeof value === "string" && Buffer.byteLength(value) > MAX_INPUT_BYTES) {
      throw new ApiError("payload_too_large", `Input ${key} is larger than ${MAX_INPUT_BYTES} bytes`, [{ path: `inputs.${key}`, message: "too large" }]);
    }
  }
  const { tenantId } = input;
  const id = newId();
  let stored: Record<string, string> | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const target = await startTarget(input, attempt > 0);
    let execution: Execution;
    try {
      execution = prepare(input, target, id);
    } catch (error) {
      // Refused by a cached flow (disabled, other inputs): only the flow as it is now may say so.
      if (!target.cached) throw error;
      forgetFlow(tenantId, input.namespace, input.flowId);
      continue;
    }
    stored ??= await storeFileInputs(input, id);
    Object.assign(execution.inputs, stored);
    if (await insertNew(input, execution, target)) return execution;
    forgetFlow(tenantId, input.namespace, input.flowId); // changed since it was read: read it again
  }
  throw new ApiError("conflict", `Flow ${input.namespace}.${input.flowId} is changing; try again`);
}

type StartTarget = { flow: Flow; revision: number; xmin?: string; cached?: boolean };

/** The flow to start: a given revision, else the live flow (from this process's cache unless `fresh`). */
async function startTarget(input: StartInput, fresh: boolean): Promise<StartTarget> {
  const notFound = () => new ApiError("not_found", `Flow ${input.namespace}.${input.flowId}${input.revision ? ` revision ${input.revision}` : ""} not found`);
  if (input.revision) {
    const revision = input.revision;
    return withTenant({ tenantId: input.tenantId }, async (tx) => {
      const row = await getFlowRevision(tx, { namespace: input.namespace, id: input.flowId, revision });
      if (!row || row.deleted) throw notFound();
      return { flow: row.definition, revision: row.revision };
    });
  }
  const current = await currentFlow(input.tenantId, input.namespace, input.flowId, fresh);
  if (!current) throw notFound();
  return current;
}

/** Writes FILE inputs to the execution's storage; their kestra:// URIs by input. */
async function storeFileInputs(input: StartInput, id: string): Promise<Record<string, string>> {
  const uris: Record<string, string> = {};
  const storageFiles = executionFiles(input.tenantId, { namespace: input.namespace, flowId: input.flowId, id });
  for (const [key, file] of Object.entries(input.files ?? {})) {
    const name = file.name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100) || "file";
    const storageKey = `${storageFiles.prefix}/inputs/${key}/${name}`;
    await getStorage().put(input.tenantId, storageKey, file.content);
    uris[key] = `kestra:///${storageKey}`;
  }
  return uris;
}

/**
 * Writes a new execution and its work item in one statement; false when the flow changed
 * since `target` was read. When this process's worker has room, the item is written
 * already leased to it and handed over once committed: no leasing round trip, and a crash
 * still leaves a lease that expires and is taken again.
 */
async function insertNew(input: StartInput, execution: Execution, target: StartTarget): Promise<boolean> {
  const { tenantId } = input;
  // A concurrency limit is decided by the worker's admission over the flow's active executions.
  // A scheduled execution waits in the queue (its item due at scheduleDate), not in this worker.
  const later = input.scheduleDate && input.scheduleDate.getTime() > Date.now() ? input.scheduleDate : undefined;
  // So does the tenant's running quota (as cached here: a change made in another process shows within seconds).
  const quota = (await tenantQuotas(tenantId)).maxRunningExecutions !== null;
  const slot = target.flow.concurrency || later || quota ? null : (localWorker()?.reserve(tenantId) ?? null);
  try {
    const statement = insertExecutionStatement({
      tenantId,
      doc: execution,
      lease: slot ? { owner: slot.owner, leaseMs: slot.leaseMs } : null,
      flowGuard: target.xmin ? { namespace: execution.namespace, id: execution.flowId, xmin: target.xmin } : undefined,
      runAt: later,
    });
    const statements = [statement];
    // Written only when the execution was: a refused start leaves no entry.
    if (input.audit) statements.push(auditStatement(input.audit.actor, { ...input.audit.entry, resourceId: execution.id }, sql`exists (select 1 from executions where tenant_id = ${tenantId} and id = ${execution.id})`));
    const [rows] = await withTenantPipeline({ tenantId }, statements);
    const created = insertedExecutionOf(rows, tenantId, execution.id);
    if (!created) {
      slot?.cancel();
      return false;
    }
    if (slot) slot.run({ ...created.item, leaseOwner: slot.owner }, { execution, version: created.version, flow: target.flow, runningCount: 0, children: [] });
    else if (later) wakeWorkAt(later);
    else signalWork();
    return true;
  } catch (error) {
    slot?.cancel();
    throw error;
  }
}

function prepare(input: StartInput, prepared: { flow: Flow; revision: number }, id: string): Execution {
  if (prepared.flow.disabled) throw new ApiError("conflict", `Flow ${input.namespace}.${input.flowId} is disabled`);
  const declared = new Map((prepared.flow.inputs ?? []).map((i) => [i.id, i]));
  const fileKeys = Object.keys(input.files ?? {});
  for (const key of fileKeys) {
    if (declared.get(key)?.type !== "FILE") {
      throw new ApiError("unprocessable", `Input ${key} is not a FILE input of this flow`, [{ path: `inputs.${key}`, message: "not a FILE input" }]);
    }
  }
  const resolved = resolveInputs(prepared.flow.inputs, input.inputs, input.inputsMode ?? "typed");
  if (!resolved.ok) {
    const errors = resolved.errors.filter((e) => !fileKeys.includes(e.input));
    if (errors.length) {
      throw new ApiError("unprocessable", errors.map((e) => e.message).join("; "), errors.map((e) => ({ path: `inputs.${e.input}`, message: e.message })));
    }
  }
  const inputs = resolved.ok ? resolved.inputs : { ...input.inputs };
  return createExecution({ flow: prepared.flow, revision: prepared.revision, inputs, labels: input.labels, trigger: input.trigger, now: new Date(), id, scheduleDate: input.scheduleDate });
}

/** Loads, changes and saves a document, retrying when a worker wrote in between. */
async function update(tenantId: string, id: string, change: (execution: Execution, flow: Flow, tx: Tx) => Execution | Promise<Execution>, audited?: Audited) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await withTenant({ tenantId }, async (tx) => {
      const row = await getExecution(tx, { id });
      if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
      const current = row.document;
      const { flow } = await flowFor(tx, current.namespace, current.flowId, current.flowRevision);
      const next = await change(current, flow, tx);
      if (next === current) return { execution: current };
      const saved = await saveExecution(tx, { doc: next, version: row.version });
      if (saved === null) return null;
      // A state it entered (KILLING, RUNNING on a resume, RESTARTED) fires the Flow triggers listening to it, with this save.
      await fireStateTriggers(tx, tenantId, next, current.state.histories.length);
      await enqueueWork(tx, { tenantId, executionId: id });
      if (audited) await audit(tx, audited.actor, audited.entry);
      return { execution: next };
    });
    if (result) {
      signalWork();
      signalExecution(tenantId, id);
      return result.execution;
    }
    await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
  }
  throw new ApiError("conflict", `Execution ${id} is changing too fast; try again`);
}

export function killExecution(tenantId: string, id: string, audited?: Audited) {
  return update(tenantId, id, (execution) => {
    if (isTerminated(execution.state.current)) {
      throw new ApiError("conflict", `Execution ${id} already ended (${execution.state.current})`);
    }
    return execution.state.current === "KILLING" ? execution : killDocument(execution, new Date());
  }, audited);
}

export function resumeExecution(tenantId: string, id: string, inputs: Record<string, unknown>, audited?: Audited) {
  return update(tenantId, id, (execution, flow) => {
    if (execution.state.current !== "PAUSED") throw new ApiError("conflict", `Execution ${id} is not paused (${execution.state.current})`);
    return resume(flow, execution, inputs, new Date());
  }, audited);
}

export function restartExecution(tenantId: string, id: string, audited?: Audited) {
  return update(tenantId, id, (execution, flow) => {
    if (!["FAILED", "KILLED", "WARNING", "CANCELLED"].includes(execution.state.current)) {
      throw new ApiError("conflict", `Only a failed, killed or warning execution can be restarted (this one is ${execution.state.current})`);
    }
    return restart(flow, execution, new Date());
  }, audited);
}

/**
 * Kestra's markAs on an ended or paused execution: the task run takes `state` and the
 * execution carries on from there. RUNNING is only for a PAUSED task run (it resumes it).
 */
export function markTaskRunAs(tenantId: string, id: string, taskRunId: string, state: Execution["state"]["current"], audited?: Audited) {
  return update(tenantId, id, (execution, flow) => {
    const current = execution.state.current;
    if (!isTerminated(current) && current !== "PAUSED") {
      throw new ApiError("conflict", `Execution ${id} is ${current}: a task run's state can be changed once it has ended or while it is paused`);
    }
    const run = execution.taskRunList.find((r) => r.id === taskRunId);
    if (!run) throw new ApiError("unprocessable", `No task run ${taskRunId} in execution ${id}`, [{ path: "taskRunId", message: "not found" }]);
    if (state === "RUNNING" && run.state.current !== "PAUSED") {
      throw new ApiError("unprocessable", `Task run ${taskRunId} is ${run.state.current}: only a PAUSED task run can be set to RUNNING`, [
        { path: "state", message: "RUNNING needs a PAUSED task run" },
      ]);
    }
    return markAs(flow, execution, taskRunId, state, new Date());
  }, audited);
}

export function setExecutionLabels(tenantId: string, id: string, labels: Label[], audited?: Audited) {
  return update(tenantId, id, (execution) => ({ ...execution, labels }), audited);
}

/** A new execution from this one, replayed from a task run (or from the start). */
export async function replayExecution(tenantId: string, id: string, taskRunId: string | null, audited?: Audited) {
  const created = await withTenant({ tenantId }, async (tx) => {
    const row = await getExecution(tx, { id });
    if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
    const current = row.document;
    if (!isTerminated(current.state.current)) throw new ApiError("conflict", "Only an ended execution can be replayed");
    if (taskRunId && !current.taskRunList.some((r) => r.id === taskRunId)) {
      throw new ApiError("unprocessable", `No task run ${taskRunId} in execution ${id}`, [{ path: "taskRunId", message: "not found" }]);
    }
    const { flow } = await flowFor(tx, current.namespace, current.flowId, current.flowRevision);
    const next = replay(flow, current, taskRunId, new Date());
    await insertExecution(tx, { tenantId, doc: next });
    await enqueueWork(tx, { tenantId, executionId: next.id });
    if (audited) await audit(tx, audited.actor, { ...audited.entry, resourceId: next.id });
    return next;
  });
  signalWork();
  return created;
}

export async function removeExecution(tenantId: string, id: string, { deleteStorage = true, audited }: { deleteStorage?: boolean; audited?: Audited } = {}) {
  const row = await withTenant({ tenantId }, async (tx) => {
    const current = await getExecution(tx, { id });
    if (!current) return null;
    await deleteExecution(tx, { id });
    if (audited) await audit(tx, audited.actor, audited.entry);
    return current;
  });
  if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
  if (deleteStorage) {
    const doc = row.document;
    await getStorage().deletePrefix(tenantId, executionFiles(tenantId, doc).prefix);
  }
}

export async function readExecution(tenantId: string, id: string): Promise<Execution | null> {
  const row = await withTenant({ tenantId }, (tx) => getExecution(tx, { id }));
  return row ? row.document : null;
}

/** Waits until the execution ends (or `timeoutMs`), woken by saves in this process, polling otherwise. */
export async function waitForEnd(tenantId: string, id: string, timeoutMs: number, current?: Execution): Promise<Execution | null> {
  const deadline = Date.now() + timeoutMs;
  // The caller's copy (just created) saves a read; a save it missed shows at the next poll.
  let execution = current ?? (await readExecution(tenantId, id));
  for (;;) {
    if (!execution || isTerminated(execution.state.current) || Date.now() >= deadline) return execution;
    // A save in this process hands over the document; otherwise (another process) read it.
    const saved = await nextExecutionSignal<Execution>(tenantId, id, Math.min(500, deadline - Date.now()));
    execution = saved ?? (await readExecution(tenantId, id));
  }
}

/** A call to a flow's Webhook trigger: the new execution, or null when no webhook has that key. */
export async function startWebhook(tenantId: string, namespace: string, flowId: string, key: string, call: WebhookCall, audited?: Audited): Promise<Execution | null> {
  return (await startWebhookCall(tenantId, namespace, flowId, key, call, audited))?.execution ?? null;
}

/** The Webhook trigger's answer options (Kestra's `wait`, `returnOutputs`, `responseContentType`). */
export type WebhookOptions = { wait: boolean; returnOutputs: boolean; responseContentType?: string };

/** Starts the flow through its Webhook trigger; the execution and how the call is to be answered, or null (no such webhook). */
export async function startWebhookCall(
  tenantId: string,
  namespace: string,
  flowId: string,
  key: string,
  call: WebhookCall,
  audited?: Audited,
): Promise<{ execution: Execution; options: WebhookOptions } | null> {
  const [found, off] = await withTenant({ tenantId }, async (tx) => [await getFlow(tx, { namespace, id: flowId }), await disabledTriggerIds(tx, { namespace, flowId })] as const);
  if (!found) return null;
  const flow = found.definition;
  if (flow.disabled) return null;
  // A trigger disabled from the API, the page or its `stopAfter` answers as a missing one.
  const trigger = await webhookTrigger({ ...flow, triggers: flow.triggers?.map((t) => (off.has(t.id) ? { ...t, disabled: true } : t)) }, key, call);
  if (!trigger) return null;
  const definition = (flow.triggers ?? []).find((t) => t.id === trigger.id) as { wait?: boolean; returnOutputs?: boolean; responseContentType?: string } | undefined;
  const execution = await startExecution({ tenantId, namespace, flowId, inputs: {}, inputsMode: "raw", trigger, audit: audited });
  return {
    execution,
    options: { wait: definition?.wait === true, returnOutputs: definition?.returnOutputs === true, responseContentType: definition?.responseContentType },
  };
}
