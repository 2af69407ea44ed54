import type { Flow } from "@/engine/flow/schema";
import type { Trigger } from "@/engine/tasks/common";
import { canonicalType } from "@/engine/tasks/registry";
import { createRenderer } from "./render";
import { isTerminated } from "./state";
import type { Execution, ExecutionTrigger, StateType } from "./types";
import { buildVariables } from "./variables";

const FLOW_TRIGGER = "io.kestra.plugin.core.trigger.Flow";

type Filter = { field: "FLOW_ID" | "NAMESPACE" | "STATE" | "EXPRESSION"; type: string; value?: string; values?: string[] };
type Where = { id: string; operand: "AND" | "OR"; filters: Filter[] };
type Upstream = { namespace: string; flowId?: string; states?: StateType[]; labels?: Record<string, unknown> };
type Preconditions = { id: string; flows?: Upstream[]; where?: Where[]; resetOnSuccess: boolean };

/** Which preconditions of which trigger are met so far: `ns/flow/trigger` → condition ids. */
export type PreconditionStore = Map<string, Set<string>>;

export type TriggeredExecution = { flow: Flow; inputs: Record<string, unknown>; trigger: ExecutionTrigger };

/**
 * Flow triggers (`io.kestra.plugin.core.trigger.Flow`) fired by an execution that just
 * ended: by upstream state (`states`), and by `preconditions`, whose conditions (each
 * upstream flow, each `where` group) accumulate across executions until all hold.
 */
export async function flowTriggersFor(
  flows: readonly Flow[],
  ended: Execution,
  store: PreconditionStore,
  context: { envs?: Record<string, unknown>; globals?: Record<string, unknown> } = {},
): Promise<TriggeredExecution[]> {
  if (!isTerminated(ended.state.current)) return [];
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
      if (!(await fires(flow, trigger, ended, store, renderer))) continue;
      const variables = {
        executionId: ended.id,
        namespace: ended.namespace,
        flowId: ended.flowId,
        flowRevision: ended.flowRevision,
        state: ended.state.current,
        ...(ended.outputs ? { outputs: ended.outputs } : {}),
      };
      const inputsTemplate = (trigger as { inputs?: Record<string, unknown> }).inputs ?? {};
      const inputs = renderer
        ? ((await createRenderer({ ...renderer.variables, trigger: variables }).renderRecursive(inputsTemplate)) as Record<string, unknown>)
        : {};
      out.push({ flow, inputs, trigger: { id: trigger.id, type: FLOW_TRIGGER, variables } });
    }
  }
  return out;
}

async function fires(
  flow: Flow,
  trigger: Trigger,
  ended: Execution,
  store: PreconditionStore,
  renderer: ReturnType<typeof createRenderer> | undefined,
): Promise<boolean> {
  const states = (trigger as { states?: StateType[] }).states;
  if (states && !states.includes(ended.state.current)) return false;
  const pre = (trigger as { preconditions?: Preconditions }).preconditions;
  if (!pre) return true;
  const key = `${flow.namespace}/${flow.id}/${trigger.id}`;
  const met = store.get(key) ?? new Set<string>();
  const conditions: string[] = [];
  (pre.flows ?? []).forEach((upstream, i) => {
    const id = `flow:${i}`;
    conditions.push(id);
    if (matchesUpstream(upstream, ended)) met.add(id);
  });
  for (const where of pre.where ?? []) {
    const id = `where:${where.id}`;
    conditions.push(id);
    const results = [];
    for (const filter of where.filters) results.push(await matchesFilter(filter, ended, renderer));
    if (where.operand === "OR" ? results.some(Boolean) : results.every(Boolean)) met.add(id);
  }
  store.set(key, met);
  if (!conditions.every((c) => met.has(c))) return false;
  if (pre.resetOnSuccess) store.delete(key);
  return true;
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
