import { storableText } from "./storable";
import type { Flow } from "@/engine/flow/schema";
import type { Task } from "@/engine/tasks/common";
import type { TemplateFunctions } from "@/engine/template";
import { newId } from "@/lib/ids";
import type { FlowableContext } from "./flowable";
import { createRenderer, type Renderer } from "./render";
import { resolveTasks } from "./resolve";
import { newState, transition } from "./state";
import { flowTree, type FlowTree } from "./tree";
import type { Action, Execution, LogLevel, StateType, TaskRun, TaskRunAttempt } from "./types";
import { buildVariables, outputsTree } from "./variables";

/** What the shell injects into the pure executor. */
export type ExecutorContext = {
  /** Id generator (task runs, child executions); deterministic in tests. */
  newId?: () => string;
  /** Template functions that need I/O (kv, secret, errorLogs, ...), bound to this execution's tenant. */
  functions?: TemplateFunctions;
  envs?: Record<string, unknown>;
  globals?: Record<string, unknown>;
};

/**
 * The execution being advanced, as a private working copy (the caller's document is never
 * mutated), with the actions collected on the way. `version` counts changes, so the caller
 * can repeat steps until nothing moves.
 */
export class Work {
  readonly execution: Execution;
  readonly actions: Action[] = [];
  readonly tree: FlowTree;
  readonly now: string;
  readonly nowDate: Date;
  readonly newId: () => string;
  version = 0;

  constructor(
    readonly flow: Flow,
    execution: Execution,
    now: Date,
    readonly ctx: ExecutorContext = {},
  ) {
    // Task runs, states and labels are replaced, never changed in place: copying the
    // containers is enough to leave the caller's document untouched.
    this.execution = { ...execution, taskRunList: [...execution.taskRunList], labels: [...execution.labels] };
    this.tree = flowTree(flow);
    this.nowDate = now;
    this.now = now.toISOString();
    this.newId = ctx.newId ?? (() => newId());
  }

  get runs(): TaskRun[] {
    return this.execution.taskRunList;
  }

  run(id: string): TaskRun | undefined {
    return this.execution.taskRunList.find((r) => r.id === id);
  }

  task(run: TaskRun): Task | undefined {
    return this.tree.node(run.taskId)?.task;
  }

  setExecutionState(type: StateType): void {
    if (this.execution.state.current === type) return;
    this.execution.state = transition(this.execution.state, type, this.now);
    this.version++;
  }

  update(id: string, change: (run: TaskRun) => TaskRun): void {
    const index = this.execution.taskRunList.findIndex((r) => r.id === id);
    if (index < 0) return;
    this.execution.taskRunList[index] = change(this.execution.taskRunList[index]);
    this.version++;
  }

  /** Moves a task run to `type`; `attempt` also moves (or adds) its last attempt. */
  setRunState(id: string, type: StateType, attempt?: "close" | "open"): void {
    this.update(id, (run) => {
      let attempts = run.attempts;
      if (attempt === "open") attempts = [...(attempts ?? []), { state: newState(type, this.now) }];
      else if (attempt === "close") attempts = closeLastAttempt(attempts, type, this.now);
      return { ...run, state: transition(run.state, type, this.now), attempts };
    });
  }

  addRuns(runs: TaskRun[]): void {
    if (runs.length === 0) return;
    this.execution.taskRunList.push(...runs);
    this.version++;
  }

  newRun(task: Task, parentId: string | null, value?: string | null, iteration?: number | null): TaskRun {
    return {
      id: this.newId(),
      executionId: this.execution.id,
      namespace: this.execution.namespace,
      flowId: this.execution.flowId,
      taskId: task.id,
      parentTaskRunId: parentId,
      value: value ?? null,
      iteration: iteration ?? null,
      state: newState("CREATED", this.now),
      attempts: null,
      outputs: null,
    };
  }

  log(level: LogLevel, message: string, run?: TaskRun): void {
    this.actions.push({
      kind: "log",
      entry: {
        namespace: this.execution.namespace,
        flowId: this.execution.flowId,
        taskId: run?.taskId ?? null,
        executionId: this.execution.id,
        taskRunId: run?.id ?? null,
        attemptNumber: run?.attempts?.length || null,
        triggerId: null,
        timestamp: this.now,
        level,
        message: storableText(message),
      },
    });
  }

  private outputsCache?: { version: number; outputs: Record<string, unknown> };

  variables(run?: TaskRun): Record<string, unknown> {
    // The outputs tree walks every run: build it once per state of the execution.
    if (this.outputsCache?.version !== this.version) {
      this.outputsCache = { version: this.version, outputs: outputsTree(this.execution) };
    }
    return buildVariables({
      flow: this.flow,
      execution: this.execution,
      task: run ? this.task(run) : undefined,
      taskRun: run,
      envs: this.ctx.envs,
      globals: this.ctx.globals,
      outputs: this.outputsCache.outputs,
    });
  }

  renderer(run?: TaskRun): Renderer {
    return createRenderer(this.variables(run), this.ctx.functions, { now: () => this.nowDate });
  }

  /** Templates for a run, built on first use: most flowables never render anything. */
  private lazyRenderer(run: TaskRun): Renderer {
    let renderer: Renderer | undefined;
    const get = () => (renderer ??= this.renderer(run));
    return {
      get variables() {
        return get().variables;
      },
      render: (t) => get().render(t),
      renderTyped: (t) => get().renderTyped(t),
      renderRecursive: (v, o) => get().renderRecursive(v, o),
      condition: (t) => get().condition(t),
      renderWith: (t, extra) => get().renderWith(t, extra),
      renderRecursiveWith: (v, extra) => get().renderRecursiveWith(v, extra),
    };
  }

  flowableContext<P = Record<string, unknown>>(run: TaskRun): FlowableContext<P> {
    const task = this.task(run) as Task;
    const renderer = this.lazyRenderer(run);
    return {
      props: task as unknown as P,
      task,
      taskRun: run,
      execution: this.execution,
      flow: this.flow,
      runs: this.execution.taskRunList,
      now: this.nowDate,
      render: renderer.render,
      renderTyped: renderer.renderTyped,
      renderRecursive: renderer.renderRecursive,
      condition: renderer.condition,
      renderRecursiveWith: renderer.renderRecursiveWith,
      variables: () => renderer.variables,
      resolve: (tasks) => resolveTasks(tasks, run.id),
    };
  }
}

export function closeLastAttempt(attempts: TaskRunAttempt[] | null, type: StateType, date: string): TaskRunAttempt[] | null {
  if (!attempts || attempts.length === 0) return attempts;
  const last = attempts[attempts.length - 1];
  return [...attempts.slice(0, -1), { ...last, state: transition(last.state, type, date) }];
}

/** A message for anything thrown, without stack traces. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
