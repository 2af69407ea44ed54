import type { Flow } from "@/engine/flow/schema";
import type { Concurrency } from "@/engine/flow/schema";
import { newId } from "@/lib/ids";
import { resolveInputs } from "./inputs";
import { CORRELATION_ID, labelValue, mergeLabels } from "./labels";
import { newState, transition } from "./state";
import type { Execution, ExecutionTrigger, Label, SubflowAction } from "./types";

export type NewExecution = {
  flow: Flow;
  /** The flow's revision, which the validated flow does not carry. */
  revision: number;
  /** Already resolved (see resolveInputs). */
  inputs?: Record<string, unknown>;
  labels?: Label[];
  trigger?: ExecutionTrigger | null;
  now: Date;
  id?: string;
  /** Run at this date, not now (Kestra's scheduleDate). */
  scheduleDate?: Date;
};

/**
 * A new execution in CREATED: flow labels first, then the given ones (which win on the same
 * key), then `system.correlationId` (given by a parent for subflows, else its own id).
 */
export function createExecution(input: NewExecution): Execution {
  const id = input.id ?? newId();
  const date = input.now.toISOString();
  const given = input.labels ?? [];
  const correlationId = labelValue(given, CORRELATION_ID) ?? id;
  return {
    id,
    namespace: input.flow.namespace,
    flowId: input.flow.id,
    flowRevision: input.revision,
    state: newState("CREATED", date),
    taskRunList: [],
    inputs: input.inputs ?? {},
    outputs: null,
    labels: mergeLabels(input.flow.labels, given.filter((l) => l.key !== CORRELATION_ID), [{ key: CORRELATION_ID, value: correlationId }]),
    trigger: input.trigger ?? null,
    parentId: null,
    originalId: id,
    metadata: { attemptNumber: 1, originalCreatedDate: date },
    ...(input.scheduleDate ? { scheduleDate: input.scheduleDate.toISOString() } : {}),
  };
}

export type Admission = { execution: Execution; decision: "RUN" | "QUEUE" | "CANCEL" | "FAIL" };

/**
 * The flow's concurrency limit for a CREATED or QUEUED execution, given how many executions
 * of the flow are running (anything started and not terminated, PAUSED included). Under the
 * limit it becomes RUNNING; over it, QUEUED, CANCELLED or FAILED by the flow's behavior.
 */
export function admit(flow: Flow, execution: Execution, runningCount: number, now: Date): Admission {
  const date = now.toISOString();
  const concurrency: Concurrency | undefined = flow.concurrency;
  const state = execution.state.current;
  if (state !== "CREATED" && state !== "QUEUED") return { execution, decision: "RUN" };
  if (!concurrency || runningCount < concurrency.limit) {
    return { execution: { ...execution, state: transition(execution.state, "RUNNING", date) }, decision: "RUN" };
  }
  const to = { QUEUE: "QUEUED", CANCEL: "CANCELLED", FAIL: "FAILED" } as const;
  const decision = concurrency.behavior;
  if (decision === "QUEUE" && state === "QUEUED") return { execution, decision };
  return { execution: { ...execution, state: transition(execution.state, to[decision], date) }, decision };
}

/**
 * The child execution a `subflow` action asks for, once the shell found the flow (same
 * tenant; `action.revision` or the latest): its inputs are validated as typed inputs, its
 * id, labels (correlation id included) and trigger come from the action. An error means the
 * shell must report it with completeSubflow.
 */
export function createSubflowExecution(
  childFlow: Flow,
  revision: number,
  action: SubflowAction,
  now: Date,
): { ok: true; execution: Execution } | { ok: false; error: string } {
  if (childFlow.disabled) return { ok: false, error: `Flow '${action.namespace}'.'${action.flowId}' is disabled` };
  const inputs = resolveInputs(childFlow.inputs, action.inputs, "typed");
  if (!inputs.ok) return { ok: false, error: inputs.errors.map((e) => e.message).join("; ") };
  const execution = createExecution({
    flow: childFlow,
    revision,
    inputs: inputs.inputs,
    labels: action.labels,
    trigger: action.trigger,
    now,
    id: action.executionId,
  });
  return { ok: true, execution };
}
