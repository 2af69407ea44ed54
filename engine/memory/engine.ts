import type { Flow } from "@/engine/flow/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { newId } from "@/lib/ids";
import { advance } from "@/engine/executor/advance";
import { completeSubflow, completeTaskRun, type SubflowReport } from "@/engine/executor/complete";
import { admit, createExecution, createSubflowExecution } from "@/engine/executor/create";
import { executeTaskRun } from "@/engine/executor/execute";
import { enteredStateViews, flowTriggersFor, memoryPreconditionStore, type PreconditionStore } from "@/engine/executor/flow-triggers";
import { resolveInputs, type InputsMode } from "@/engine/executor/inputs";
import { markAs, resume } from "@/engine/executor/mark-as";
import { MemoryKv, MemoryStorage, memoryFunctions, refuseHttp } from "./services";
import { replay } from "@/engine/executor/replay";
import { restart } from "@/engine/executor/restart";
import type { ExecutionsService, HttpClient } from "@/engine/executor/services";
import { isTerminated } from "@/engine/executor/state";
import { isDone } from "@/engine/executor/after-execution";

/** Child states a restarted parent's RETRY_FAILED Subflow restarts (ExecutionService.restart). */
const RESTARTABLE = new Set(["FAILED", "KILLED", "WARNING", "CANCELLED"]);
import { NamespaceDenied, withinNamespace } from "@/engine/namespaces/rule";
import { kill } from "@/engine/executor/terminate";
import type { Action, Execution, ExecutionTrigger, Label, LogEntry, MetricEntry, StateType } from "@/engine/executor/types";
import { webhookTrigger, type WebhookCall } from "@/engine/executor/webhook";

export type MemoryEngineOptions = {
  /** Start of the virtual clock (ms since epoch); defaults to the real time. */
  clock?: number;
  http?: HttpClient;
  envs?: Record<string, unknown>;
  globals?: Record<string, unknown>;
  secrets?: Record<string, string>;
  /** Deterministic ids for tests. */
  newId?: () => string;
};

export type StartOptions = {
  namespace: string;
  flowId: string;
  inputs?: Record<string, unknown>;
  inputsMode?: InputsMode;
  labels?: Label[];
  trigger?: ExecutionTrigger | null;
};

type StoredFlow = { flow: Flow; revision: number; source?: string };
type Link = { parentId: string; taskRunId: string };

const COUNTED: ReadonlySet<StateType> = new Set(["RUNNING", "PAUSED", "RETRYING", "KILLING", "RESTARTED"]);

/**
 * The executor's shell in memory: flows, executions, logs, KV and storage in maps, tasks run
 * in-process, subflows executed here, and a virtual clock that jumps to the next timer as
 * soon as nothing else can move, so Sleep, Pause and retries cost no real time. It drives
 * exactly the functions the PostgreSQL worker uses: admit, advance, completeTaskRun,
 * completeSubflow.
 */
export class MemoryEngine {
  now: number;
  readonly flows = new Map<string, StoredFlow[]>();
  readonly executions = new Map<string, Execution>();
  /** Triggers disabled in their state (trigger.Toggle), as `namespace flowId triggerId` keys. */
  readonly disabledTriggers = new Set<string>();
  readonly logs: LogEntry[] = [];
  readonly metrics: MetricEntry[] = [];
  readonly kv: MemoryKv;
  readonly storage = new MemoryStorage();
  private readonly dirty = new Set<string>();
  private readonly runs: { executionId: string; taskRunId: string }[] = [];
  private readonly timers = new Map<string, number>();
  private readonly delayed: { execution: Execution; at: number }[] = [];
  private readonly links = new Map<string, Link>();
  private readonly ids: () => string;
  private readonly preconditions: PreconditionStore = memoryPreconditionStore();
  /** Subflow ends to report to their parents, Flow triggers to evaluate. */
  private readonly pending: (() => Promise<void>)[] = [];

  constructor(private readonly options: MemoryEngineOptions = {}) {
    this.now = options.clock ?? Date.now();
    this.kv = new MemoryKv(() => this.now);
    this.ids = options.newId ?? (() => newId());
  }

  /** Adds a flow (YAML source or validated flow); a second one with the same id is a new revision. */
  addFlow(flow: string | Flow): Flow {
    let parsed: Flow;
    let source: string | undefined;
    if (typeof flow === "string") {
      const result = validateFlowSource(flow);
      if (!result.ok) throw new Error(`Invalid flow: ${result.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
      parsed = result.flow;
      source = flow;
    } else parsed = flow;
    const key = `${parsed.namespace}/${parsed.id}`;
    const revisions = this.flows.get(key) ?? [];
    revisions.push({ flow: parsed, revision: revisions.length + 1, source });
    this.flows.set(key, revisions);
    return parsed;
  }

  findFlow(namespace: string, flowId: string, revision?: number): StoredFlow | undefined {
    const revisions = this.flows.get(`${namespace}/${flowId}`) ?? [];
    return revision === undefined ? revisions[revisions.length - 1] : revisions.find((r) => r.revision === revision);
  }

  private flowOf(execution: Execution): Flow {
    const stored = this.findFlow(execution.namespace, execution.flowId, execution.flowRevision) ?? this.findFlow(execution.namespace, execution.flowId);
    if (!stored) throw new Error(`Flow ${execution.namespace}.${execution.flowId} not found`);
    return stored.flow;
  }

  get(id: string): Execution {
    const execution = this.executions.get(id);
    if (!execution) throw new Error(`Execution ${id} not found`);
    return execution;
  }

  /** Creates an execution (CREATED) and queues it; inputs are resolved by `inputsMode` (typed by default). */
  start(options: StartOptions): Execution {
    const stored = this.findFlow(options.namespace, options.flowId);
    if (!stored) throw new Error(`Flow ${options.namespace}.${options.flowId} not found`);
    if (stored.flow.disabled) throw new Error(`Flow ${options.namespace}.${options.flowId} is disabled`);
    const inputs = resolveInputs(stored.flow.inputs, options.inputs ?? {}, options.inputsMode ?? "typed");
    if (!inputs.ok) throw new Error(inputs.errors.map((e) => e.message).join("; "));
    const execution = createExecution({
      flow: stored.flow,
      revision: stored.revision,
      inputs: inputs.inputs,
      labels: options.labels,
      trigger: options.trigger,
      now: new Date(this.now),
      id: this.ids(),
    });
    this.save(execution);
    return execution;
  }

  private save(execution: Execution): void {
    this.put(execution);
    this.dirty.add(execution.id);
  }

  /** Stores a new version of an execution; the non-terminal states it entered since the last one fire their Flow triggers. */
  private put(execution: Execution): void {
    const saved = this.executions.get(execution.id)?.state.histories.length ?? 0;
    this.executions.set(execution.id, execution);
    for (const view of enteredStateViews(execution, saved)) this.pending.push(() => this.fireFlowTriggers(view));
  }

  private context(execution: Execution) {
    const functions = memoryFunctions({
      execution: () => this.executions.get(execution.id) ?? execution,
      kv: this.kv,
      storage: this.storage,
      logs: () => this.logs,
      secrets: this.options.secrets,
    });
    return { newId: this.ids, functions, envs: this.options.envs, globals: this.options.globals };
  }

  /** One unit of work: advance a changed execution, else run a task, else jump to the next timer. */
  async step(): Promise<boolean> {
    const report = this.pending.shift();
    if (report) {
      await report();
      return true;
    }
    const id = this.dirty.values().next();
    if (!id.done) {
      this.dirty.delete(id.value);
      await this.process(id.value);
      return true;
    }
    const run = this.runs.shift();
    if (run) {
      await this.runTask(run.executionId, run.taskRunId);
      return true;
    }
    return this.jump();
  }

  /** Steps until `done` holds (checked before each step) or nothing is left to do. */
  async runUntil(done: () => boolean, maxSteps = 100_000): Promise<boolean> {
    for (let i = 0; i < maxSteps; i++) {
      if (done()) return true;
      if (!(await this.step())) return done();
    }
    throw new Error(`Engine still busy after ${maxSteps} steps`);
  }

  async runUntilIdle(maxSteps?: number): Promise<void> {
    await this.runUntil(() => false, maxSteps);
  }

  private jump(): boolean {
    const candidates = [...this.timers.values(), ...this.delayed.map((d) => d.at)];
    if (candidates.length === 0) return false;
    this.now = Math.max(this.now, Math.min(...candidates));
    for (const [id, at] of [...this.timers]) {
      if (at <= this.now) {
        this.timers.delete(id);
        this.dirty.add(id);
      }
    }
    for (const item of [...this.delayed]) {
      if (item.at > this.now) continue;
      this.delayed.splice(this.delayed.indexOf(item), 1);
      this.save(item.execution);
    }
    return true;
  }

  private async process(id: string): Promise<void> {
    let execution = this.executions.get(id);
    if (!execution) return;
    const flow = this.flowOf(execution);
    // An ended execution still runs its afterExecution tasks (Kestra's ExecutionService.isTerminated).
    if (isDone(flow, execution)) return;
    const wasTerminated = isTerminated(execution.state.current);
    const state = execution.state.current;
    if ((state === "CREATED" || state === "QUEUED") && flow.concurrency) {
      const running = [...this.executions.values()].filter(
        (e) => e.id !== id && e.namespace === execution?.namespace && e.flowId === execution?.flowId && COUNTED.has(e.state.current),
      ).length;
      const admission = admit(flow, execution, running, new Date(this.now));
      execution = admission.execution;
      this.put(execution);
      if (admission.decision === "FAIL") this.log(execution, "ERROR", "Flow is FAILED due to concurrency limit exceeded");
      if (admission.decision !== "RUN") return this.afterTerminal(execution);
    }
    const result = await advance(flow, execution, new Date(this.now), this.context(execution));
    this.put(result.execution);
    this.timers.delete(id);
    if (result.wakeAt) this.timers.set(id, Date.parse(result.wakeAt));
    for (const action of result.actions) await this.perform(result.execution, action);
    // What an end sets off happens once, when the execution ends, not again after its afterExecution tasks.
    if (!wasTerminated) this.afterTerminal(result.execution);
  }

  private async perform(execution: Execution, action: Action): Promise<void> {
    switch (action.kind) {
      case "log":
        this.logs.push(action.entry);
        return;
      case "run":
        this.runs.push({ executionId: execution.id, taskRunId: action.taskRunId });
        return;
      case "kill": {
        const at = this.runs.findIndex((r) => r.taskRunId === action.taskRunId);
        if (at >= 0) this.runs.splice(at, 1);
        return;
      }
      case "killExecution": {
        const child = this.executions.get(action.executionId);
        if (child) this.save(kill(child, new Date(this.now)));
        return;
      }
      case "retryExecution":
        this.delayed.push({ execution: action.execution, at: Date.parse(action.at) });
        return;
      case "subflow":
        return this.startSubflow(execution, action);
    }
  }

  private async startSubflow(parent: Execution, action: Extract<Action, { kind: "subflow" }>): Promise<void> {
    const previous = action.restart ? this.executions.get(action.executionId) : undefined;
    if (previous && RESTARTABLE.has(previous.state.current)) {
      // RETRY_FAILED: the child the parent started before is restarted, in place.
      let restarted: Execution;
      try {
        restarted = restart(this.flowOf(previous), previous, new Date(this.now));
      } catch (error) {
        return this.reportSubflow(parent.id, action.taskRunId, { error: `Unable to restart execution '${previous.id}': ${(error as Error).message}` });
      }
      if (action.wait) this.links.set(previous.id, { parentId: parent.id, taskRunId: action.taskRunId });
      this.save(restarted);
      return;
    }
    if (previous) {
      // Not to be restarted (it succeeded): it reports its end again, as the database shell does.
      if (action.wait && isTerminated(previous.state.current)) {
        this.pending.push(() => this.reportSubflow(parent.id, action.taskRunId, { child: previous, childFlow: this.flowOf(previous) }));
      } else if (action.wait) this.links.set(previous.id, { parentId: parent.id, taskRunId: action.taskRunId });
      return;
    }
    const stored = this.findFlow(action.namespace, action.flowId, action.revision);
    if (!stored) return this.reportSubflow(parent.id, action.taskRunId, { error: `Unable to find flow '${action.namespace}'.'${action.flowId}'` });
    const created = createSubflowExecution(stored.flow, stored.revision, action, new Date(this.now));
    if (!created.ok) return this.reportSubflow(parent.id, action.taskRunId, { error: created.error });
    if (action.wait) this.links.set(created.execution.id, { parentId: parent.id, taskRunId: action.taskRunId });
    const at = action.scheduleDate ? Date.parse(action.scheduleDate) : Number.NaN;
    if (at > this.now) this.delayed.push({ execution: created.execution, at });
    else this.save(created.execution);
  }

  private async reportSubflow(parentId: string, taskRunId: string, report: SubflowReport): Promise<void> {
    const parent = this.executions.get(parentId);
    if (!parent) return;
    const flow = this.flowOf(parent);
    const result = await completeSubflow(flow, parent, taskRunId, report, new Date(this.now), this.context(parent));
    this.logs.push(...result.logs);
    this.save(result.execution);
  }

  /** A terminated execution may end its parent's Subflow task and free a concurrency slot. */
  private afterTerminal(execution: Execution): void {
    if (!isTerminated(execution.state.current)) return;
    const link = this.links.get(execution.id);
    if (link) {
      this.links.delete(execution.id);
      const child = execution;
      this.pending.push(() => this.reportSubflow(link.parentId, link.taskRunId, { child, childFlow: this.flowOf(child) }));
    }
    this.pending.push(() => this.fireFlowTriggers(execution));
    for (const other of this.executions.values()) {
      if (other.state.current === "QUEUED" && other.namespace === execution.namespace && other.flowId === execution.flowId) this.dirty.add(other.id);
    }
  }

  private async fireFlowTriggers(ended: Execution): Promise<void> {
    const latest = [...this.flows.values()].map((revisions) => this.withTriggerStates(revisions[revisions.length - 1].flow));
    const context = { envs: this.options.envs, globals: this.options.globals };
    for (const fired of await flowTriggersFor(latest, ended, this.preconditions, context)) {
      this.start({ namespace: fired.flow.namespace, flowId: fired.flow.id, inputs: fired.inputs, trigger: fired.trigger });
    }
  }

  /** The flow with the triggers disabled in their state marked disabled (as engine/worker/triggers.ts does). */
  private withTriggerStates(flow: Flow): Flow {
    if (!flow.triggers?.some((t) => this.disabledTriggers.has(`${flow.namespace} ${flow.id} ${t.id}`))) return flow;
    return { ...flow, triggers: flow.triggers.map((t) => (this.disabledTriggers.has(`${flow.namespace} ${flow.id} ${t.id}`) ? { ...t, disabled: true } : t)) };
  }

  /** A call to `/executions/webhook/{namespace}/{flowId}/{key}`: the new execution, or undefined (404). */
  async webhook(namespace: string, flowId: string, key: string, call: WebhookCall): Promise<Execution | undefined> {
    const stored = this.findFlow(namespace, flowId);
    if (!stored || stored.flow.disabled) return undefined;
    const trigger = await webhookTrigger(this.withTriggerStates(stored.flow), key, call);
    return trigger ? this.start({ namespace, flowId, trigger, inputsMode: "raw" }) : undefined;
  }

  private async runTask(executionId: string, taskRunId: string): Promise<void> {
    const execution = this.executions.get(executionId);
    if (!execution) return;
    const run = execution.taskRunList.find((r) => r.id === taskRunId);
    if (!run || run.state.current !== "RUNNING") return;
    const flow = this.flowOf(execution);
    const ctx = this.context(execution);
    const result = await executeTaskRun({
      flow,
      execution,
      taskRunId,
      services: {
        executions: this.executionsService(execution),
        workingDirectories: this.storage.workingDirectories(execution),
        kv: this.kv,
        storage: this.storage.forTaskRun(execution, run.taskId, run.id, this.ids),
        http: this.options.http ?? refuseHttp,
      },
      now: () => new Date(this.now),
      functions: ctx.functions,
      envs: this.options.envs,
      globals: this.options.globals,
    });
    this.logs.push(...(result.logs ?? []));
    this.metrics.push(...(result.metrics ?? []));
    const latest = this.executions.get(executionId) ?? execution;
    this.save(completeTaskRun(flow, latest, taskRunId, result, new Date(this.now)));
  }

  /**
   * The execution and log tasks' service over this engine's maps (one tenant). The memory
   * engine has no namespace settings: a flow reaches its namespace and the ones below it,
   * as the database engine does for a namespace that allows nobody.
   */
  private executionsService(current: Execution): ExecutionsService {
    const from = current.namespace;
    const reach = (namespace: string | undefined, what: "execution" | "log") => {
      if (namespace !== undefined && !withinNamespace(from, namespace)) throw new NamespaceDenied(from, namespace, what);
    };
    const reachable = (namespace: string) => withinNamespace(from, namespace);
    const inWindow = (iso: string, start?: string, end?: string) => (start === undefined || iso >= start) && (end === undefined || iso <= end);
    const inNamespace = (namespace: string, q: { namespace?: string; flowId?: string }) =>
      q.namespace === undefined || (q.flowId !== undefined ? namespace === q.namespace : namespace === q.namespace || namespace.startsWith(`${q.namespace}.`));
    const removeWhere = <T>(list: T[], drop: (item: T) => boolean) => {
      let removed = 0;
      for (let i = list.length - 1; i >= 0; i--) {
        if (!drop(list[i])) continue;
        list.splice(i, 1);
        removed++;
      }
      return removed;
    };
    return {
      counts: async (q) => {
        for (const f of q.flows ?? []) reach(f.namespace, "execution");
        for (const n of q.namespaces ?? []) reach(n, "execution");
        const matching = [...this.executions.values()].filter(
          (e) => inWindow(e.state.startDate, q.startDate, q.endDate) && (!q.states || q.states.includes(e.state.current)),
        );
        const out: { namespace: string; flowId: string | null; count: number }[] = (q.flows ?? []).map((f) => ({
          ...f,
          count: matching.filter((e) => e.namespace === f.namespace && e.flowId === f.flowId).length,
        }));
        for (const namespace of q.namespaces ?? []) {
          const count = matching.filter((e) => e.namespace === namespace).length;
          if (count > 0) out.push({ namespace, flowId: null, count });
        }
        return out;
      },
      find: async (id) => {
        const e = this.executions.get(id);
        if (e) reach(e.namespace, "execution");
        return e ? { id: e.id, namespace: e.namespace, flowId: e.flowId, state: e.state.current, parentId: e.parentId } : null;
      },
      logs: async (q) => {
        const target = this.executions.get(q.executionId);
        if (!target) return null;
        reach(target.namespace, "log");
        const order = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];
        return this.logs
          .filter((l) => l.executionId === q.executionId && order.indexOf(l.level) >= order.indexOf(q.minLevel))
          .filter((l) => q.taskIds === undefined || (l.taskId !== null && q.taskIds.includes(l.taskId)))
          .map((l) => ({ ...l }));
      },
      purgeLogs: async (q) => {
        reach(q.namespace, "log");
        return removeWhere(
          this.logs,
          (l) =>
            reachable(l.namespace) &&
            inNamespace(l.namespace, q) &&
            (q.flowId === undefined || l.flowId === q.flowId) &&
            (q.executionId === undefined || l.executionId === q.executionId) &&
            (q.levels === undefined || q.levels.includes(l.level)) &&
            inWindow(l.timestamp, q.startDate, q.endDate),
        );
      },
      purge: async (q) => {
        reach(q.namespace, "execution");
        const targets = [...this.executions.values()].filter(
          (e) =>
            e.id !== current.id &&
            reachable(e.namespace) &&
            isTerminated(e.state.current) &&
            (q.states === undefined || q.states.includes(e.state.current)) &&
            inNamespace(e.namespace, q) &&
            (q.flowId === undefined || e.flowId === q.flowId) &&
            (q.executionId === undefined || e.id === q.executionId) &&
            inWindow(e.state.startDate, q.startDate, q.endDate),
        );
        const ids = new Set(targets.map((e) => e.id));
        let storagesCount = 0;
        if (q.storage) {
          for (const e of targets) {
            const root = `kestra:///${e.namespace.replaceAll(".", "/")}/${e.flowId}/executions/${e.id}/`;
            for (const uri of [...this.storage.files.keys()]) {
              if (!uri.startsWith(root)) continue;
              this.storage.files.delete(uri);
              storagesCount++;
            }
          }
        }
        const logsCount = q.log ? removeWhere(this.logs, (l) => ids.has(l.executionId)) : 0;
        const metricsCount = q.metric ? removeWhere(this.metrics, (m) => ids.has(m.executionId)) : 0;
        if (q.execution) for (const id of ids) this.executions.delete(id);
        return { executionsCount: q.execution ? ids.size : 0, logsCount, metricsCount, storagesCount };
      },
      resume: async (q) => {
        const e = this.get(q.executionId);
        reach(e.namespace, "execution");
        if (e.state.current !== "PAUSED") throw new Error(`Execution ${e.id} is not paused (${e.state.current})`);
        this.resume(e.id, q.inputs ?? {});
        return { id: e.id, namespace: e.namespace, flowId: e.flowId };
      },
      toggleTrigger: async (q) => {
        if (!withinNamespace(from, q.namespace)) throw new NamespaceDenied(from, q.namespace, "trigger");
        const stored = this.findFlow(q.namespace, q.flowId);
        if (!stored) throw new Error(`Unable to find flow ${q.namespace}.${q.flowId}. Make sure the flow exists and the current execution is authorized to access it.`);
        if (!stored.flow.triggers?.some((t) => t.id === q.triggerId)) throw new Error(`Unable to find trigger ${q.triggerId} for the flow ${q.namespace}.${q.flowId}`);
        const key = `${q.namespace} ${q.flowId} ${q.triggerId}`;
        if (q.enabled) this.disabledTriggers.delete(key);
        else this.disabledTriggers.add(key);
      },
    };
  }

  private log(execution: Execution, level: LogEntry["level"], message: string): void {
    this.logs.push({
      namespace: execution.namespace,
      flowId: execution.flowId,
      taskId: null,
      executionId: execution.id,
      taskRunId: null,
      attemptNumber: null,
      triggerId: null,
      timestamp: new Date(this.now).toISOString(),
      level,
      message,
    });
  }

  // Operations on existing executions, as the API would call them.

  kill(id: string): Execution {
    const next = kill(this.get(id), new Date(this.now));
    this.save(next);
    return next;
  }

  resume(id: string, inputs: Record<string, unknown> = {}): Execution {
    const execution = this.get(id);
    const next = resume(this.flowOf(execution), execution, inputs, new Date(this.now));
    this.save(next);
    return next;
  }

  restart(id: string): Execution {
    const execution = this.get(id);
    const next = restart(this.flowOf(execution), execution, new Date(this.now));
    this.save(next);
    return next;
  }

  replay(id: string, taskRunId: string | null): Execution {
    const execution = this.get(id);
    const next = replay(this.flowOf(execution), execution, taskRunId, new Date(this.now), this.ids);
    this.save(next);
    return next;
  }

  markAs(id: string, taskRunId: string, state: StateType): Execution {
    const execution = this.get(id);
    const next = markAs(this.flowOf(execution), execution, taskRunId, state, new Date(this.now));
    this.save(next);
    return next;
  }
}

export type RunFlowInMemoryOptions = {
  /** Other flows the run may call (subflows). */
  flows?: (string | Flow)[];
  flow: string | Flow;
  inputs?: Record<string, unknown>;
  inputsMode?: InputsMode;
  labels?: Label[];
  /** KV entries to set first, HTTP client, secrets, envs and globals. */
  services?: Omit<MemoryEngineOptions, "clock" | "newId"> & { kv?: { namespace: string; key: string; value: unknown }[] };
  clock?: number;
  newId?: () => string;
};

export type InMemoryRun = {
  execution: Execution;
  executions: Execution[];
  logs: LogEntry[];
  engine: MemoryEngine;
};

/** Runs a flow to its end in memory (virtual time), with its subflows; for tests and tools. */
export async function runFlowInMemory(options: RunFlowInMemoryOptions): Promise<InMemoryRun> {
  const { kv = [], ...services } = options.services ?? {};
  const engine = new MemoryEngine({ ...services, clock: options.clock, newId: options.newId });
  for (const flow of options.flows ?? []) engine.addFlow(flow);
  const main = engine.addFlow(options.flow);
  for (const entry of kv) await engine.kv.set(entry.namespace, entry.key, entry.value);
  const started = engine.start({
    namespace: main.namespace,
    flowId: main.id,
    inputs: options.inputs,
    inputsMode: options.inputsMode,
    labels: options.labels,
  });
  await engine.runUntilIdle();
  return { execution: engine.get(started.id), executions: [...engine.executions.values()], logs: engine.logs, engine };
}
