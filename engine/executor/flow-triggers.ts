import type { Flow } from "@/engine/flow/schema";
import type { Trigger } from "@/engine/tasks/common";
import { canonicalType } from "@/engine/tasks/registry";
import { createRenderer } from "./render";
import { isTerminated } from "./state";
import type { Execution, ExecutionTrigger, StateType } from "./types";
import { buildVariables } from "./variables";
import { allConditionsHold } from "@/engine/conditions/evaluate";
import { recordResults, type ConditionResults, type RecordInput, type TimeWindow } from "@/engine/conditions/window";

const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";

type Filter = { field: "FLOW_ID" | "NAMESPACE" | "STATE" | "EXPRESSION"; type: string; value?: string; values?: string[] };
type Where = { id: string; operand: "AND" | "OR"; filters: Filter[] };
type Upstream = { namespace: string; flowId?: string; states?: StateType[]; labels?: Record<string, unknown> };
type Preconditions = { id: string; flows?: Upstream[]; where?: Where[]; resetOnSuccess: boolean; timeWindow?: TimeWindow };

export type ConditionKey = { namespace: string; flowId: string; triggerId: string; conditionId: string };

/**
 * Where a Flow trigger's multi-flow conditions (`preconditions`, `MultipleCondition`) keep
 * what they have seen: `record` adds what one upstream execution meets and says whether the
 * trigger fires, atomically per key (the database store holds the row's lock).
 */
export type PreconditionStore = { record: (key: ConditionKey, input: RecordInput) => Promise<boolean> };

/** A store in this process's memory (the in-memory executor, tests). */
export function memoryPreconditionStore(): PreconditionStore {
  const states = new Map<string, ConditionResults>();
  return {
    async record(key, input) {
      const id = JSON.stringify(key);
      const { fire, state } = recordResults(states.get(id) ?? null, input);
      if (state) states.set(id, state);
      else states.delete(id);
      return fire;
    },
  };
}

export type TriggeredExecution = { flow: Flow; inputs: Record<string, unknown>; trigger: ExecutionTrigger };

/**
 * Flow triggers (`io.kestra.plugin.core.trigger.Flow`) fired by an execution that just
 * changed state: by upstream state (`states`: the terminal states unless the trigger lists
 * others, such as RUNNING or PAUSED), and by `preconditions`, whose conditions (each
 * upstream flow, each `where` group) accumulate across executions until all hold. Called
 * once per transition (Kestra evaluates Flow triggers on each state change of an execution).
 */
export async function flowTriggersFor(
  flows: readonly Flow[],
  ended: Execution,
  store: PreconditionStore,
  context: { envs?: Record<string, unknown>; globals?: Record<string, unknown>; now?: Date } = {},
): Promise<TriggeredExecution[]> {
  const now = context.now ?? new Date();
  // CREATED is where an execution starts, not a transition: no Flow trigger reacts to it.
  if (ended.state.current === "CREATED") return [];
  const out: TriggeredExecution[] = [];
  const upstreamFlow = flows.find((f) => f.namespace === ended.namespace && f.id === ended.flowId);
  const renderer = upstreamFlow
    ? createRenderer(buildVariables({ flow: upstreamFlow, execution: ended, ...context }))
    : undefined;
  for (const flow of flows) {
    if (flow.disabled) continue;
    for (const trigger of flow.triggers ?? []) {
      if (trigger.disabled || canonicalType(trigger.type) !== FLOW_TRIGGER) continue;
      if (flow.namespace === ended.namespace && flow.id === ended.flowId) continue;
      if (!(await fires(flow, trigger, ended, store, renderer, now))) continue;
      const variables = {
        executionId: ended.id,
        namespace: ended.namespace,
        flowId: ended.flowId,
        flowRevision: ended.flowRevision,
        state: ended.state.current,
        ...(ended.outputs ? { outputs: ended.outputs } : {}),
      };
      const inputsTemplate = (trigger as { inputs?: Record<string, unknown> }).inputs ?? {};
      let inputs: Record<string, unknown> = {};
      try {
        if (renderer) inputs = (await createRenderer({ ...renderer.variables, trigger: variables }).renderRecursive(inputsTemplate)) as Record<string, unknown>;
      } catch (error) {
        // One listener's broken template is its own failure: it must never fail the save of the
        // upstream execution it watches (a kill, a resume, a pass), so it is skipped and said.
        console.error(`[flow trigger] ${flow.namespace}.${flow.id}/${trigger.id}: inputs could not be rendered for ${ended.id} (${ended.state.current}), not fired:`, error instanceof Error ? error.message : error);
        continue;
      }
      out.push({ flow, inputs, trigger: { id: trigger.id, type: FLOW_TRIGGER, variables } });
    }
  }
  return out;
}

/**
 * The execution as each Flow trigger must see it for the states it entered after its first
 * `savedHistories` history entries (the part already saved and evaluated): one view per
 * non-terminal state entered, in order. A pass can go through several (CREATED → RUNNING →
 * PAUSED) and Kestra fires on each; the terminal state is left out, as the end is evaluated
 * once with the work an end sets off.
 */
export function enteredStateViews(execution: Execution, savedHistories: number): Execution[] {
  const histories = execution.state.histories;
  const views: Execution[] = [];
  for (let i = Math.max(0, savedHistories); i < histories.length; i++) {
    const state = histories[i].state;
    if (state === "CREATED" || isTerminated(state)) continue;
    views.push(i === histories.length - 1 ? execution : { ...execution, state: { ...execution.state, current: state, histories: histories.slice(0, i + 1), endDate: null } });
  }
  return views;
}

async function fires(
  flow: Flow,
  trigger: Trigger,
  ended: Execution,
  store: PreconditionStore,
  renderer: ReturnType<typeof createRenderer> | undefined,
  now: Date,
): Promise<boolean> {
  const states = (trigger as { states?: StateType[] }).states;
  if (states ? !states.includes(ended.state.current) : !isTerminated(ended.state.current)) return false;
  const keyOf = (conditionId: string): ConditionKey => ({ namespace: flow.namespace, flowId: flow.id, triggerId: trigger.id, conditionId });
  // Kestra's `conditions` (all must hold); a MultipleCondition accumulates across executions in the store.
  const conditions = trigger.conditions ?? [];
  if (conditions.length) {
    const ok = await allConditionsHold(conditions, {
      now,
      execution: ended,
      render: (template) => (renderer ? renderer.render(template) : Promise.reject(new Error("no variables"))),
      multiple: (condition, met, all) => {
        const c = condition as unknown as { id: string; window?: string; windowAdvance?: string; timeWindow?: TimeWindow; resetOnSuccess?: boolean };
        const window: TimeWindow = c.timeWindow ?? { type: "DURATION_WINDOW", window: c.window, windowAdvance: c.windowAdvance };
        return store.record(keyOf(`multiple:${c.id}`), { met, conditions: all, window, resetOnSuccess: c.resetOnSuccess ?? true, now });
      },
    }).catch(() => false);
    if (!ok) return false;
  }
  const pre = (trigger as { preconditions?: Preconditions }).preconditions;
  if (!pre) return true;
  const all: string[] = [];
  const met: string[] = [];
  (pre.flows ?? []).forEach((upstream, i) => {
    const id = `flow:${i}`;
    all.push(id);
    if (matchesUpstream(upstream, ended)) met.push(id);
  });
  for (const where of pre.where ?? []) {
    const id = `where:${where.id}`;
    all.push(id);
    const results = [];
    for (const filter of where.filters) results.push(await matchesFilter(filter, ended, renderer));
    if (where.operand === "OR" ? results.some(Boolean) : results.every(Boolean)) met.push(id);
  }
  // An execution that meets none of the conditions changes nothing (and writes nothing).
  if (met.length === 0) return false;
  return store.record(keyOf(`preconditions:${pre.id}`), { met, conditions: all, window: pre.timeWindow, resetOnSuccess: pre.resetOnSuccess ?? true, now });
}

function matchesUpstream(upstream: Upstream, ended: Execution): boolean {
  if (upstream.namespace !== ended.namespace) return false;
  if (upstream.flowId !== undefined && upstream.flowId !== ended.flowId) return false;
  if (!(upstream.states ?? ["SUCCESS"]).includes(ended.state.current)) return false;
  return Object.entries(upstream.labels ?? {}).every(([k, v]) => ended.labels.some((l) => l.key === k && l.value === String(v)));
}

async function matchesFilter(filter: Filter, ended: Execution, renderer: ReturnType<typeof createRenderer> | undefined): Promise<boolean> {
  let actual: string | null;
  if (filter.field === "EXPRESSION") {
    if (!renderer || filter.value === undefined) return false;
    try {
      actual = await renderer.render(filter.value);
    } catch {
      return false;
    }
  } else actual = filter.field === "FLOW_ID" ? ended.flowId : filter.field === "NAMESPACE" ? ended.namespace : ended.state.current;
  const value = filter.value ?? "";
  const values = filter.values ?? [];
  switch (filter.type) {
    case "EQUAL_TO":
      return actual === value;
    case "NOT_EQUAL_TO":
      return actual !== value;
    case "IN":
      return values.includes(actual ?? "");
    case "NOT_IN":
      return !values.includes(actual ?? "");
    case "IS_TRUE":
      return actual === "true";
    case "IS_FALSE":
      return actual === "false";
    case "IS_NULL":
      return actual === null || actual === "";
    case "IS_NOT_NULL":
      return actual !== null && actual !== "";
    case "STARTS_WITH":
      return (actual ?? "").startsWith(value);
    case "ENDS_WITH":
      return (actual ?? "").endsWith(value);
    case "CONTAINS":
      return (actual ?? "").includes(value);
    case "REGEX":
      try {
        return new RegExp(`^(?:${value})$`).test(actual ?? "");
      } catch {
        return false;
      }
    default:
      return false;
  }
}
