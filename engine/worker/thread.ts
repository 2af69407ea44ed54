import fs from "node:fs";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import type { HttpRequest, LogEntry, TaskServices } from "@/engine/executor";
import type { InjectedFunction, TemplateFunctions } from "@/engine/template";
import { runPass, type PassHost, type PassInput } from "./pass";
import { BEAT_MS } from "./beat";
import { beatOnTicks } from "@/engine/template/budget";
import type { FromThread, ToThread } from "./pool";

/**
 * The thread side of the engine pool: runs passes (templates, task code) here, off the web
 * process's event loop, and reaches the database, storage and the network through calls to
 * the main thread, which holds them (PGlite is one connection in the main thread).
 */
const port = parentPort!;

/**
 * Engine threads yield the CPU to the web process's request loop: on Linux a thread has its
 * own nice value, and setpriority() on its thread id lowers this thread alone. Where that is
 * not possible the thread keeps the default priority.
 */
const NICE = 10;
try {
  const tid = Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0 && tid !== process.pid) os.setPriority(tid, NICE);
} catch {
  // not Linux, or not allowed: same priority as the request loop
}
let nextCall = 0;
const calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

function send(message: FromThread) {
  port.postMessage(message);
}

function call(passId: number, method: string, args: unknown[], signal?: AbortSignal): Promise<unknown> {
  const callId = nextCall++;
  return new Promise((resolve, reject) => {
    calls.set(callId, { resolve, reject });
    send({ type: "call", passId, callId, method, args });
    signal?.addEventListener("abort", () => send({ type: "abort", callId }), { once: true });
  });
}

function hostFor(passId: number, tenantId: string, functionNames: string[]): PassHost {
  return {
    services(taskId, taskRunId): TaskServices {
      const task = (method: string, args: unknown[], signal?: AbortSignal) => call(passId, method, [taskId, taskRunId, ...args], signal);
      // Every method of a service is a call to the main thread: the interface may grow.
      const remote = <S extends object>(service: string) =>
        new Proxy({} as S, { get: (_, name) => (typeof name === "string" ? (...args: unknown[]) => task(`${service}.${name}`, args) : undefined) });
      const namespaceFiles = remote<NonNullable<TaskServices["namespaceFiles"]>>("namespaceFiles");
      return {
        kv: remote<TaskServices["kv"]>("kv"),
        executions: remote<NonNullable<TaskServices["executions"]>>("executions"),
        workingDirectories: remote<NonNullable<TaskServices["workingDirectories"]>>("workingDirectories"),
        namespaceFiles,
        storage: remote<TaskServices["storage"]>("storage"),
        http: ({ signal, ...request }: HttpRequest) => task("http", [request], signal) as never,
        // Script slots and settings are the process's, on the main thread.
        scripts: {
          tenantId,
          networkAllowed: () => task("scripts.networkAllowed", []) as Promise<boolean>,
          slotsFull: () => task("scripts.slotsFull", []) as Promise<boolean>,
          acquireSlot: (signal?: AbortSignal) => task("scripts.acquireSlot", [], signal) as Promise<number>,
          releaseSlot: (number: number) => task("scripts.releaseSlot", [number]) as Promise<void>,
          namespaceFiles,
        },
      };
    },
    functions(pendingLogs: () => LogEntry[]): TemplateFunctions {
      const proxy = (name: string): InjectedFunction => (args) => {
        // errorLogs() counts this pass's lines not saved yet: they travel with the call.
        const pending = name === "errorLogs" ? pendingLogs().filter((l) => l.level === "ERROR") : [];
        return call(passId, "fn", [name, { ...args }, pending]);
      };
      return Object.fromEntries(functionNames.map((name) => [name, proxy(name)]));
    },
    startSubflow: (action) => call(passId, "startSubflow", [action]) as Promise<string | null>,
    checkpoint: (execution, logs, metrics) => call(passId, "checkpoint", [execution, logs, metrics]) as Promise<boolean>,
    // The main thread watches for a kill and answers once it comes; giving up the call ends the watch.
    watchKill(executionId) {
      const killed = new AbortController();
      const done = new AbortController();
      call(passId, "waitKill", [executionId], done.signal).then(
        (yes) => {
          if (yes) killed.abort(new Error("Execution killed"));
        },
        () => {},
      );
      return { signal: killed.signal, stop: () => done.abort() };
    },
    writeLogs: (lines) => call(passId, "writeLogs", [lines]) as Promise<void>,
  };
}

port.on("message", (message: ToThread) => {
  if (message.type === "start") {
    // The heartbeat the main thread's watchdog reads: it stops moving only while this
    // thread computes without pause.
    const beat = new Int32Array(message.beat);
    setInterval(() => Atomics.add(beat, 0, 1), BEAT_MS);
    beatOnTicks(() => Atomics.add(beat, 0, 1), BEAT_MS);
    return;
  }
  if (message.type === "reply") {
    const waiting = calls.get(message.callId);
    calls.delete(message.callId);
    if (message.ok) waiting?.resolve(message.value);
    else waiting?.reject(new Error(message.error));
    return;
  }
  const { passId, input, functionNames } = message as { passId: number; input: PassInput; functionNames: string[] };
  runPass(input, hostFor(passId, input.tenantId, functionNames)).then(
    (result) => send({ type: "done", passId, result }),
    (error: unknown) => send({ type: "failed", passId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});

send({ type: "ready" });
