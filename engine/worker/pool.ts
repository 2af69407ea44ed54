import path from "node:path";
import { Worker } from "node:worker_threads";
import type { HttpRequest, TaskServices } from "@/engine/executor";
import type { LogEntry } from "@/engine/executor";
import { failStalled } from "@/engine/executor/stall";
import { env } from "@/lib/env";
import { runPass, type PassHost, type PassInput, type PassResult } from "./pass";

export type ToThread =
  | { type: "start"; beat: SharedArrayBuffer }
  | { type: "pass"; passId: number; input: PassInput; functionNames: string[] }
  | { type: "reply"; callId: number; ok: true; value: unknown }
  | { type: "reply"; callId: number; ok: false; error: string };

export type FromThread =
  | { type: "call"; passId: number; callId: number; method: string; args: unknown[] }
  | { type: "abort"; callId: number }
  | { type: "ready" }
  | { type: "done"; passId: number; result: PassResult }
  | { type: "failed"; passId: number; error: string };

type Pass = {
  input: PassInput;
  host: PassHost;
  /** The execution as last saved by a checkpoint of this pass. */
  saved?: PassInput["execution"];
  resolve: (r: PassResult) => void;
  reject: (e: Error) => void;
};

type Thread = {
  worker: Worker;
  passes: Map<number, Pass>;
  aborts: Map<number, AbortController>;
  /** A counter the thread bumps every BEAT_MS while its event loop turns (shared memory: read even when the main loop was busy). */
  beat: Int32Array;
  seen: { count: number; at: number };
  online: boolean;
  /** The quarantine thread runs suspects one at a time. */
  quarantine: boolean;
};

/** How often the main thread looks at the threads' heartbeats (engine/worker/beat.ts). */
const WATCH_MS = 250;
/** Suspects remembered at most (oldest forgotten first). */
const MAX_SUSPECTS = 1000;

/**
 * Picks the thread for a tenant's next pass: the least busy one, but a tenant spreads over
 * at most `maxPerTenant` threads, so a tenant whose templates keep its threads busy leaves
 * the others to everyone else.
 */
export function pickThread(threads: readonly { tenants: readonly string[] }[], tenantId: string, maxPerTenant: number): number {
  const load = (i: number) => threads[i].tenants.length;
  const all = threads.map((_, i) => i);
  const mine = all.filter((i) => threads[i].tenants.includes(tenantId));
  const candidates = mine.length >= Math.max(1, maxPerTenant) ? mine : all;
  // Among equally loaded threads, one that already serves this tenant, then one serving nobody else.
  const others = (i: number) => threads[i].tenants.filter((t) => t !== tenantId).length;
  return candidates.reduce((best, i) => (load(i) < load(best) || (load(i) === load(best) && others(i) < others(best)) ? i : best), candidates[0]);
}

/**
 * Worker threads that run passes (engine/worker/pass.ts) off the web process's event loop:
 * a template that computes for a second blocks one of these threads, never a request. The
 * threads reach the database, storage and the network through the main thread (`PassHost`).
 * With `threads` 0, passes run inline (as before; for tools that have no request loop).
 */
export class EnginePool {
  private readonly threads: Thread[] = [];
  private nextPass = 0;
  private closed = false;
  /** Set when a thread could not start (say, the source tree is not where we run): passes then run inline. */
  private broken = false;
  /**
   * Executions that were on a thread stopped for computing without pause: each runs again
   * alone on the quarantine thread, where a second stall is certainly its own.
   */
  private readonly suspects = new Set<string>();
  private quarantine: Thread | undefined;
  private readonly quarantined: { passId: number; pass: Pass; functionNames: string[] }[] = [];
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    readonly size: number,
    /** Threads one tenant may keep busy at once. */
    readonly threadsPerTenant = Math.max(1, size - 1),
    /** The threads' entry module, in engine/worker/ (tests give one of their own). */
    private readonly entry = "thread-entry.mjs",
  ) {
    for (let i = 0; i < size; i++) this.threads.push(this.spawn());
    this.watchdog = setInterval(() => this.watch(), WATCH_MS);
    this.watchdog.unref();
  }

  /**
   * The backstop of the CPU budget: the step meter charges templates and expressions, but
   * code it does not reach (a regular expression that backtracks, a huge parse) could keep a
   * thread, and every pass on it, forever. A thread whose heartbeat stops for the stall
   * limit while it has passes is stopped and replaced. Alone on its thread (or on the
   * quarantine thread), the pass is the culprit: its task runs fail with a message naming
   * the budget. Sharing the thread, each pass is retried alone on the quarantine thread.
   */
  private watch() {
    const now = Date.now();
    const limit = stallLimitMs(engineSettings().taskCpuBudgetMs);
    for (const thread of [...this.threads, ...(this.quarantine ? [this.quarantine] : [])]) {
      const count = Atomics.load(thread.beat, 0);
      if (count !== thread.seen.count || thread.passes.size === 0 || !thread.online) {
        thread.seen = { count, at: now };
        continue;
      }
      if (now - thread.seen.at > limit) this.stop(thread, limit);
    }
  }

  private stop(thread: Thread, limitMs: number) {
    const passes = [...thread.passes.values()];
    thread.passes.clear();
    // Replaced at once, so that no pass is given to the thread while it ends.
    const index = this.threads.indexOf(thread);
    if (index >= 0) this.threads[index] = this.spawn();
    if (thread === this.quarantine) this.quarantine = undefined;
    void thread.worker.terminate();
    if (thread.quarantine || passes.length === 1) {
      for (const pass of passes) {
        this.suspects.delete(suspectKey(pass.input));
        pass.resolve(stalledResult(pass, limitMs));
      }
      return;
    }
    for (const pass of passes) {
      this.suspects.add(suspectKey(pass.input));
      if (this.suspects.size > MAX_SUSPECTS) this.suspects.delete(this.suspects.values().next().value!);
      pass.resolve({ kind: "retry" });
    }
  }

  private spawn(quarantine = false): Thread {
    // Loaded from the source tree at run time (through tsx), never bundled by Next.js.
    const entry = path.join(/* turbopackIgnore: true */ process.cwd(), "engine", "worker", this.entry);
    const worker = new Worker(/* turbopackIgnore: true */ /* webpackIgnore: true */ entry);
    worker.unref();
    const beat = new SharedArrayBuffer(4);
    const thread: Thread = { worker, passes: new Map(), aborts: new Map(), beat: new Int32Array(beat), seen: { count: 0, at: Date.now() }, online: false, quarantine };
    worker.postMessage({ type: "start", beat } satisfies ToThread);
    worker.on("message", (message: FromThread) => {
      if (message.type === "ready") thread.online = true;
      else this.onMessage(thread, message);
    });
    const fail = (error: Error) => {
      for (const pass of thread.passes.values()) pass.reject(error);
      thread.passes.clear();
    };
    worker.on("error", (error) => {
      if (!thread.online && !this.broken) {
        this.broken = true;
        console.error("[engine] worker threads cannot start; passes run on the main thread:", error);
      }
      fail(error);
    });
    worker.on("exit", (code) => {
      // Its passes are dropped; their leases expire and another pass takes them up.
      fail(new Error(`engine thread exited with code ${code}`));
      const index = this.threads.indexOf(thread);
      if (index >= 0 && !this.closed && !this.broken) this.threads[index] = this.spawn();
      if (thread === this.quarantine) this.quarantine = undefined;
      this.nextQuarantined();
    });
    return thread;
  }

  /** Starts the next suspect on the quarantine thread when it is free. */
  private nextQuarantined() {
    if (this.closed || (this.quarantine && this.quarantine.passes.size > 0)) return;
    const next = this.quarantined.shift();
    if (!next) return;
    this.quarantine ??= this.spawn(true);
    this.quarantine.passes.set(next.passId, next.pass);
    this.quarantine.worker.postMessage({ type: "pass", passId: next.passId, input: next.pass.input, functionNames: next.functionNames } satisfies ToThread);
  }

  run(input: PassInput, host: PassHost, functionNames: string[]): Promise<PassResult> {
    if (this.size === 0 || this.closed || this.broken) return runPass(input, host);
    if (this.suspects.has(suspectKey(input))) {
      return new Promise<PassResult>((resolve, reject) => {
        const pass: Pass = { input, host, resolve: settle(resolve, () => this.release(input)), reject: settle(reject, () => this.release(input)) };
        this.quarantined.push({ passId: this.nextPass++, pass, functionNames });
        this.nextQuarantined();
      });
    }
    const index = pickThread(
      this.threads.map((t) => ({ tenants: [...t.passes.values()].map((p) => p.input.tenantId) })),
      input.tenantId,
      this.threadsPerTenant,
    );
    const thread = this.threads[index];
    const passId = this.nextPass++;
    return new Promise<PassResult>((resolve, reject) => {
      thread.passes.set(passId, { input, host, resolve, reject });
      thread.worker.postMessage({ type: "pass", passId, input, functionNames } satisfies ToThread);
    });
  }

  /** A quarantined pass ended without stalling: its execution is trusted again. */
  private release(input: PassInput) {
    this.suspects.delete(suspectKey(input));
    queueMicrotask(() => this.nextQuarantined());
  }

  async close() {
    this.closed = true;
    clearInterval(this.watchdog);
    for (const { pass } of this.quarantined.splice(0)) pass.resolve({ kind: "retry" });
    await Promise.all([...this.threads, ...(this.quarantine ? [this.quarantine] : [])].map((t) => t.worker.terminate()));
  }

  private onMessage(thread: Thread, message: Exclude<FromThread, { type: "ready" }>) {
    if (message.type === "abort") {
      thread.aborts.get(message.callId)?.abort(new Error("Task killed"));
      return;
    }
    const pass = thread.passes.get(message.passId);
    if (!pass) return;
    if (message.type === "done" || message.type === "failed") {
      thread.passes.delete(message.passId);
      if (message.type === "done") pass.resolve(message.result);
      else pass.reject(new Error(message.error));
      return;
    }
    const { callId } = message;
    const controller = new AbortController();
    thread.aborts.set(callId, controller);
    serve(pass.host, message.method, message.args, controller.signal).then(
      (value) => {
        if (message.method === "checkpoint" && value === true) pass.saved = message.args[0] as Pass["saved"];
        reply(thread, { type: "reply", callId, ok: true, value });
      },
      (error: unknown) => reply(thread, { type: "reply", callId, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  }
}

/** A pass's settle function that runs `after` too. */
function settle<T>(fn: (value: T) => void, after: () => void): (value: T) => void {
  return (value) => {
    after();
    fn(value);
  };
}

const suspectKey = (input: PassInput) => `${input.tenantId}\u0000${input.execution.id}`;

/** How long a thread may compute without a heartbeat: well past the budget, so that load or a long GC is never taken for a stall. */
function stallLimitMs(budgetMs: number): number {
  return Math.max(5 * budgetMs, 5000);
}

/** The pass's end when its thread was stopped: its task runs in flight fail, from its last checkpoint. */
function stalledResult(pass: Pass, limitMs: number): PassResult {
  const { flow, cpuBudgetMs } = pass.input;
  const message =
    `Task run exceeded its CPU time budget of ${cpuBudgetMs} ms (TASK_CPU_BUDGET_MS): it computed for over ${limitMs} ms ` +
    "without a pause (a regular expression that backtracks, or a parse of a huge value?), and its engine thread was stopped";
  const { execution, logs } = failStalled(flow, pass.saved ?? pass.input.execution, message, new Date());
  return { kind: "save", execution, logs, metrics: [], actions: [], wakeAt: undefined };
}

function reply(thread: Thread, message: Extract<ToThread, { type: "reply" }>) {
  thread.aborts.delete(message.callId);
  thread.worker.postMessage(message);
}

/** Runs a thread's call on the main thread, against the pass's host. */
async function serve(host: PassHost, method: string, args: unknown[], signal: AbortSignal): Promise<unknown> {
  if (method === "startSubflow") return host.startSubflow(args[0] as never);
  if (method === "checkpoint") return host.checkpoint(args[0] as never, args[1] as never, (args[2] ?? []) as never);
  if (method === "writeLogs") return host.writeLogs(args[0] as never);
  if (method === "waitKill") {
    // Answers true once the execution is killed, false when the thread gives up the watch.
    const watch = host.watchKill(String(args[0]));
    return new Promise<boolean>((resolve) => {
      const end = (killed: boolean) => {
        watch.stop();
        resolve(killed);
      };
      if (watch.signal.aborted) return end(true);
      if (signal.aborted) return end(false);
      watch.signal.addEventListener("abort", () => end(true), { once: true });
      signal.addEventListener("abort", () => end(false), { once: true });
    });
  }
  if (method === "fn") {
    const [name, fnArgs, pending] = args as [string, Record<string, never>, LogEntry[]];
    const fn = host.functions(() => pending)[name];
    if (!fn) throw new Error(`Unknown function '${name}'`);
    return fn(fnArgs);
  }
  const [taskId, taskRunId, ...rest] = args as [string, string, ...unknown[]];
  const services: TaskServices = host.services(taskId, taskRunId);
  if (method === "http") return services.http({ ...(rest[0] as HttpRequest), signal });
  if (method.startsWith("scripts.")) {
    const scripts = services.scripts;
    if (!scripts) throw new Error("Script tasks cannot run here");
    if (method === "scripts.networkAllowed") return scripts.networkAllowed();
    if (method === "scripts.slotsFull") return scripts.slotsFull();
    if (method === "scripts.acquireSlot") return scripts.acquireSlot(signal);
    if (method === "scripts.releaseSlot") return scripts.releaseSlot(Number(rest[0]));
    throw new Error(`Unknown engine call '${method}'`);
  }
  const [service, name] = method.split(".");
  const target =
    service === "kv"
      ? services.kv
      : service === "storage"
        ? services.storage
        : service === "namespaceFiles"
          ? services.namespaceFiles
          : service === "executions"
            ? services.executions
            : service === "workingDirectories"
              ? services.workingDirectories
              : undefined;
  // A method of the service, never something every object has (constructor, __proto__, ...).
  const fn = target && name && !(name in Object.prototype) ? (target as unknown as Record<string, unknown>)[name] : undefined;
  if (typeof fn !== "function") throw new Error(`Unknown engine call '${method}'`);
  return (fn as (...args: unknown[]) => Promise<unknown>).apply(target, rest);
}

/** The engine's share settings, from the environment (lib/env.ts). */
export function engineSettings() {
  const e = env();
  return { threads: e.ENGINE_THREADS, taskCpuBudgetMs: e.TASK_CPU_BUDGET_MS, tenantSlots: e.ENGINE_TENANT_SLOTS };
}

const globalForPool = globalThis as unknown as { __switchyardPool?: EnginePool };

/** This process's pool, started on first use. */
export function enginePool(): EnginePool {
  globalForPool.__switchyardPool ??= new EnginePool(engineSettings().threads);
  return globalForPool.__switchyardPool;
}

export async function closeEnginePool() {
  const pool = globalForPool.__switchyardPool;
  globalForPool.__switchyardPool = undefined;
  await pool?.close();
}
