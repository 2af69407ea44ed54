import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import type { Execution, Label, TaskRun } from "./types";
import { markDouble } from "@/engine/template/doubles";
import type { TemplateMap } from "@/engine/template/values";

/**
 * The variables a template sees, built like Kestra's RunVariables: `flow`, `execution`,
 * `task`, `taskrun`, `parent`/`parents`, `outputs` (keyed by loop values inside loops),
 * `tasks`, `inputs` (with the flow's defaults), `vars`, `labels`, `trigger`, `envs`,
 * `globals`. Absent things are left out rather than set to null, so strict templates see
 * them as undefined exactly as in Kestra.
 */
export type VariableSources = {
  flow: Flow & { revision?: unknown };
  execution: Execution;
  task?: Task;
  taskRun?: TaskRun;
  envs?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  /** outputsTree(execution), when the caller already has it. */
  outputs?: Record<string, unknown>;
};

type Json = Record<string, unknown>;

function setKey(target: Json, key: string, value: unknown): void {
  // A key like "__proto__" coming from data must stay data, not replace the prototype.
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function byId(execution: Execution): Map<string, TaskRun> {
  return new Map(execution.taskRunList.map((run) => [run.id, run]));
}

/** Ancestors of a task run, root first (Kestra's Execution.findParents). */
export function ancestorsOf(execution: Execution, run: TaskRun, index = byId(execution)): TaskRun[] {
  const out: TaskRun[] = [];
  const seen = new Set<string>();
  for (let id = run.parentTaskRunId; id && !seen.has(id); ) {
    seen.add(id);
    const parent = index.get(id);
    if (!parent) break;
    out.push(parent);
    id = parent.parentTaskRunId;
  }
  return out.reverse();
}

/** Loop values from the root down to this run, itself included (Kestra's findParentsValues). */
export function iterationValues(execution: Execution, run: TaskRun): string[] {
  return [...ancestorsOf(execution, run), run].flatMap((r) => (r.value === null ? [] : [r.value]));
}

/** `outputs`: each task's outputs, nested under the loop values of its run and its ancestors. */
export function outputsTree(execution: Execution): Json {
  const index = byId(execution);
  const result: Json = {};
  for (const run of execution.taskRunList) {
    if (!run.outputs) continue;
    const path = ancestorsOf(execution, run, index).flatMap((r) => (r.value === null ? [] : [r.value]));
    if (run.value !== null) path.push(run.value);
    if (path.length === 0) {
      setKey(result, run.taskId, mergeMaps(result[run.taskId], run.outputs));
      continue;
    }
    let node = (result[run.taskId] as Json | undefined) ?? {};
    setKey(result, run.taskId, node);
    for (const key of path.slice(0, -1)) {
      const next = (isMap(node[key]) ? node[key] : {}) as Json;
      setKey(node, key, next);
      node = next;
    }
    const leaf = path[path.length - 1];
    setKey(node, leaf, mergeMaps(node[leaf], run.outputs));
  }
  return result;
}

function isMap(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeMaps(base: unknown, top: Json): Json {
  if (!isMap(base)) return top;
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(top)) setKey(out, key, isMap(value) && isMap(out[key]) ? mergeMaps(out[key], value) : value);
  return out;
}

/** `parents`: closest first, each `{taskrun: {value}, outputs}` when it has either. */
function parentsOf(execution: Execution, run: TaskRun): Json[] {
  return ancestorsOf(execution, run)
    .reverse()
    .flatMap((parent) => {
      const entry: Json = {};
      if (parent.value !== null) entry.taskrun = { value: parent.value };
      if (parent.outputs && Object.keys(parent.outputs).length > 0) entry.outputs = parent.outputs;
      return Object.keys(entry).length > 0 ? [entry] : [];
    });
}

/** Labels as a nested map: `system.correlationId` is `labels.system.correlationId`. */
function labelsMap(labels: Label[]): Json {
  const out: Json = {};
  for (const { key, value } of labels) {
    setKey(out, key, value);
    const parts = key.split(".");
    if (parts.length < 2) continue;
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = isMap(node[part]) ? (node[part] as Json) : {};
      setKey(node, part, next);
      node = next;
    }
    setKey(node, parts[parts.length - 1], value);
  }
  return out;
}

function tasksMap(execution: Execution): Json {
  const out: Json = {};
  for (const run of execution.taskRunList) {
    if (run.value === null) setKey(out, run.taskId, { state: run.state.current });
    else {
      const current = isMap(out[run.taskId]) ? (out[run.taskId] as Json) : {};
      setKey(current, run.value, { state: run.state.current });
      setKey(out, run.taskId, current);
    }
  }
  return out;
}

/** The execution's inputs with the flow's declared defaults for the ones not given. */
function inputsOf(flow: Flow, execution: Execution): Json {
  const inputs: Json = { ...execution.inputs };
  for (const input of flow.inputs ?? []) {
    const defaults = (input as { defaults?: unknown }).defaults;
    if (defaults !== undefined && !(input.id in inputs)) setKey(inputs, input.id, defaults);
    // A FLOAT input is a Java number with a fraction in Kestra: `{{ inputs.f }}` prints 2.0, not 2.
    const value = inputs[input.id];
    if (input.type === "FLOAT" && typeof value === "number") markDouble(inputs as TemplateMap, input.id);
    const itemType = (input as { itemType?: string }).itemType;
    if (input.type === "ARRAY" && itemType === "FLOAT" && Array.isArray(value)) {
      const items = value.slice();
      items.forEach((item, index) => typeof item === "number" && markDouble(items, index));
      setKey(inputs, input.id, items);
    }
  }
  return inputs;
}

function taskRunVariables(run: TaskRun): Json {
  const attempts = run.attempts ?? [];
  // The attempt being run is not counted: Kestra builds the context before adding it.
  const running = attempts.length > 0 && !isEnded(attempts[attempts.length - 1].state.current);
  const out: Json = {
    id: run.id,
    startDate: run.state.startDate,
    attemptsCount: running ? attempts.length - 1 : attempts.length,
  };
  if (run.parentTaskRunId !== null) out.parentId = run.parentTaskRunId;
  if (run.value !== null) out.value = run.value;
  if (run.iteration !== null) out.iteration = run.iteration;
  return out;
}

function isEnded(state: string): boolean {
  return state !== "RUNNING" && state !== "CREATED";
}

export function buildVariables(sources: VariableSources): Json {
  const { flow, execution, task, taskRun } = sources;
  const vars: Json = {
    envs: sources.envs ?? {},
    globals: sources.globals ?? {},
    flow: {
      id: flow.id,
      namespace: flow.namespace,
      revision: execution.flowRevision,
    },
    execution: {
      id: execution.id,
      startDate: execution.state.startDate,
      originalId: execution.originalId,
      // Kestra's RunVariables: the current state (afterExecution tasks see the final one) and the flow's outputs once rendered.
      state: execution.state.current,
      ...(execution.outputs ? { outputs: execution.outputs } : {}),
    },
    outputs: sources.outputs ?? outputsTree(execution),
    tasks: tasksMap(execution),
    labels: labelsMap(execution.labels),
  };
  // Kestra has no `inputs` variable for a flow without inputs: `{{ inputs.x }}` then says
  // "Unable to find `inputs` ..." (VariablesTest.invalidVars).
  const inputs = inputsOf(flow, execution);
  if ((flow.inputs?.length ?? 0) > 0 || Object.keys(inputs).length > 0) vars.inputs = inputs;
  if (flow.variables) vars.vars = flow.variables;
  if (task) vars.task = { id: task.id, type: task.type };
  if (taskRun) {
    vars.taskrun = taskRunVariables(taskRun);
    const parents = parentsOf(execution, taskRun);
    vars.parents = parents;
    if (parents.length > 0) vars.parent = parents[0];
  }
  if (execution.trigger?.variables) vars.trigger = execution.trigger.variables;
  if (execution.variables) for (const [key, value] of Object.entries(execution.variables)) setKey(vars, key, value);
  return vars;
}
