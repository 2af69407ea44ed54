import { withTenant } from "@/db/tenant";
import type { Tx } from "@/db/client";
import { getFlow, getFlowRevision } from "@/db/queries/flows";
import { deleteExecution, getExecution, insertExecution, insertLeasedExecution, saveExecution, type ExecutionDocument } from "@/db/queries/executions";
import { enqueueWork, type WorkItem } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { createExecution, markAs, replay, restart, resume, resolveInputs, webhookTrigger, type Execution, type ExecutionTrigger, type InputsMode, type Label, type WebhookCall } from "@/engine/executor";
import { isTerminated } from "@/engine/executor/state";
import { kill as killDocument } from "@/engine/executor";
import { ApiError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { executionFiles } from "./services";
import { getStorage } from "@/engine/storage/storage";
import { nextExecutionSignal, signalExecution, signalWork } from "./wakeup";
import { localWorker } from "./index";
import type { Loaded } from "./process";
import type { Slot } from "./loop";

/**
 * What the API (and the UI) do to executions. Each runs in the tenant's transaction,
 * writes the document with a version check and asks a worker to carry on.
 */

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
};

async function flowFor(tx: Tx, namespace: string, flowId: string, revision?: number) {
  const row = revision ? await getFlowRevision(tx, { namespace, id: flowId, revision }) : await getFlow(tx, { namespace, id: flowId });
  if (!row || row.deleted) throw new ApiError("not_found", `Flow ${namespace}.${flowId}${revision ? ` revision ${revision}` : ""} not found`);
  return { flow: row.definition as unknown as Flow, revision: row.revision };
}

/** Validates inputs against the flow, stores FILE inputs, creates the execution (CREATED) and queues it. */
export async function startExecution(input: StartInput): Promise<Execution> {
  for (const [key, value] of Object.entries(input.inputs)) {
    if (typeof value === "string" && Buffer.byteLength(value) > MAX_INPUT_BYTES) {
      throw new ApiError("payload_too_large", `Input ${key} is larger than ${MAX_INPUT_BYTES} bytes`, [{ path: `inputs.${key}`, message: "too large" }]);
    }
  }
  const { tenantId } = input;
  const id = newId();
  const files = Object.entries(input.files ?? {});
  let handoff: Handoff | null = null;
  try {
    // Without files, one transaction reads the flow and writes the execution and its work item.
    const { execution, flow } = await withTenant({ tenantId }, async (tx) => {
      const prepared = await flowFor(tx, input.namespace, input.flowId, input.revision);
      const execution = prepare(input, prepared, id);
      if (files.length === 0) handoff = await persist(tx, tenantId, execution, prepared.flow);
      return { execution, flow: prepared.flow };
    });
    if (files.length > 0) {
      const storageFiles = executionFiles(tenantId, { namespace: input.namespace, flowId: input.flowId, id });
      for (const [key, file] of files) {
        const name = file.name.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100) || "file";
        const storageKey = `${storageFiles.prefix}/inputs/${key}/${name}`;
        await getStorage().put(tenantId, storageKey, file.content);
        execution.inputs[key] = `kestra:///${storageKey}`;
      }
      await withTenant({ tenantId }, async (tx) => {
        handoff = await persist(tx, tenantId, execution, flow);
      });
    }
    dispatch(handoff);
    return execution;
  } catch (error) {
    (handoff as Handoff | null)?.slot.cancel();
    throw error;
  }
}

type Handoff = { slot: Slot<Loaded | null>; item: WorkItem; loaded: Loaded };

/**
 * Writes a new execution and its work item. When this process's worker has room, the
 * item is written already leased to it (a handoff, run once the transaction commits):
 * no leasing round trip, and a crash still leaves a lease that expires and is taken again.
 */
async function persist(tx: Tx, tenantId: string, execution: Execution, flow: Flow): Promise<Handoff | null> {
  const doc = execution as unknown as ExecutionDocument;
  // A concurrency limit is decided by the worker's admission over the flow's active executions.
  const slot = flow.concurrency ? null : (localWorker()?.reserve() ?? null);
  if (!slot) {
    await insertExecution(tx, { tenantId, doc });
    await enqueueWork(tx, { tenantId, executionId: execution.id });
    return null;
  }
  try {
    const { version, item } = await insertLeasedExecution(tx, { tenantId, doc, owner: slot.owner, leaseMs: slot.leaseMs });
    return { slot, item, loaded: { execution, version, flow, runningCount: 0, children: [] } };
  } catch (error) {
    slot.cancel();
    throw error;
  }
}

/** After the commit: the handoff runs in this process's worker; otherwise any worker may lease it. */
function dispatch(handoff: Handoff | null) {
  if (handoff) handoff.slot.run(handoff.item, handoff.loaded);
  else signalWork();
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
  return createExecution({ flow: prepared.flow, revision: prepared.revision, inputs, labels: input.labels, trigger: input.trigger, now: new Date(), id });
}

/** Loads, changes and saves a document, retrying when a worker wrote in between. */
async function update(tenantId: string, id: string, change: (execution: Execution, flow: Flow, tx: Tx) => Execution | Promise<Execution>) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const result = await withTenant({ tenantId }, async (tx) => {
      const row = await getExecution(tx, { id });
      if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
      const current = row.document as unknown as Execution;
      const { flow } = await flowFor(tx, current.namespace, current.flowId, current.flowRevision);
      const next = await change(current, flow, tx);
      if (next === current) return { execution: current };
      const saved = await saveExecution(tx, { doc: next as unknown as ExecutionDocument, version: row.version });
      if (saved === null) return null;
      await enqueueWork(tx, { tenantId, executionId: id });
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

export function killExecution(tenantId: string, id: string) {
  return update(tenantId, id, (execution) => {
    if (isTerminated(execution.state.current)) {
      throw new ApiError("conflict", `Execution ${id} already ended (${execution.state.current})`);
    }
    return execution.state.current === "KILLING" ? execution : killDocument(execution, new Date());
  });
}

export function resumeExecution(tenantId: string, id: string, inputs: Record<string, unknown>) {
  return update(tenantId, id, (execution, flow) => {
    if (execution.state.current !== "PAUSED") throw new ApiError("conflict", `Execution ${id} is not paused (${execution.state.current})`);
    return resume(flow, execution, inputs, new Date());
  });
}

export function restartExecution(tenantId: string, id: string) {
  return update(tenantId, id, (execution, flow) => {
    if (!["FAILED", "KILLED", "WARNING", "CANCELLED"].includes(execution.state.current)) {
      throw new ApiError("conflict", `Only a failed, killed or warning execution can be restarted (this one is ${execution.state.current})`);
    }
    return restart(flow, execution, new Date());
  });
}

export function markTaskRunAs(tenantId: string, id: string, taskRunId: string, state: Execution["state"]["current"]) {
  return update(tenantId, id, (execution, flow) => markAs(flow, execution, taskRunId, state, new Date()));
}

export function setExecutionLabels(tenantId: string, id: string, labels: Label[]) {
  return update(tenantId, id, (execution) => ({ ...execution, labels }));
}

/** A new execution from this one, replayed from a task run (or from the start). */
export async function replayExecution(tenantId: string, id: string, taskRunId: string | null) {
  const created = await withTenant({ tenantId }, async (tx) => {
    const row = await getExecution(tx, { id });
    if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
    const current = row.document as unknown as Execution;
    if (!isTerminated(current.state.current)) throw new ApiError("conflict", "Only an ended execution can be replayed");
    if (taskRunId && !current.taskRunList.some((r) => r.id === taskRunId)) {
      throw new ApiError("unprocessable", `No task run ${taskRunId} in execution ${id}`, [{ path: "taskRunId", message: "not found" }]);
    }
    const { flow } = await flowFor(tx, current.namespace, current.flowId, current.flowRevision);
    const next = replay(flow, current, taskRunId, new Date());
    await insertExecution(tx, { tenantId, doc: next as unknown as ExecutionDocument });
    await enqueueWork(tx, { tenantId, executionId: next.id });
    return next;
  });
  signalWork();
  return created;
}

export async function removeExecution(tenantId: string, id: string, { deleteStorage = true } = {}) {
  const row = await withTenant({ tenantId }, async (tx) => {
    const current = await getExecution(tx, { id });
    if (!current) return null;
    await deleteExecution(tx, { id });
    return current;
  });
  if (!row) throw new ApiError("not_found", `Execution ${id} not found`);
  if (deleteStorage) {
    const doc = row.document as unknown as Execution;
    await getStorage().deletePrefix(tenantId, executionFiles(tenantId, doc).prefix);
  }
}

export async function readExecution(tenantId: string, id: string): Promise<Execution | null> {
  const row = await withTenant({ tenantId }, (tx) => getExecution(tx, { id }));
  return row ? (row.document as unknown as Execution) : null;
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
export async function startWebhook(tenantId: string, namespace: string, flowId: string, key: string, call: WebhookCall): Promise<Execution | null> {
  const found = await withTenant({ tenantId }, (tx) => getFlow(tx, { namespace, id: flowId }));
  if (!found) return null;
  const flow = found.definition as unknown as Flow;
  if (flow.disabled) return null;
  const trigger = await webhookTrigger(flow, key, call);
  if (!trigger) return null;
  return startExecution({ tenantId, namespace, flowId, inputs: {}, inputsMode: "raw", trigger });
}
