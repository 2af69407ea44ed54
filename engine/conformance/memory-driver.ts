import { MemoryEngine, type MemoryEngineOptions } from "@/engine/memory";
import type { Execution } from "@/engine/executor/types";
import { SubmissionError, type ConformanceDriver } from "./types";

/**
 * The conformance driver over the in-memory engine. Waiting steps the engine (its virtual
 * clock jumps over Sleep, Pause and retry delays); a wait that the engine can no longer
 * satisfy fails at once instead of timing out.
 */
export class MemoryDriver implements ConformanceDriver {
  readonly name = "memory";
  private engine: MemoryEngine;
  private settings: MemoryEngineOptions = {};

  constructor(private readonly base: MemoryEngineOptions = {}) {
    this.engine = new MemoryEngine(base);
  }

  async reset() {
    this.settings = {};
    this.engine = new MemoryEngine(this.base);
  }

  async configure(settings: { envs?: Record<string, string>; globals?: Record<string, unknown> }) {
    this.settings = { ...this.settings, ...settings };
    this.engine = new MemoryEngine({ ...this.base, ...this.settings });
  }

  async loadFlow(source: string) {
    this.engine.addFlow(source);
  }

  async setKV(namespace: string, key: string, value: unknown) {
    await this.engine.kv.set(namespace, key, value);
  }

  async createExecution(request: Parameters<ConformanceDriver["createExecution"]>[0]) {
    try {
      return this.engine.start(request);
    } catch (error) {
      throw new SubmissionError(error instanceof Error ? error.message : String(error));
    }
  }

  async waitFor(executionId: string, until: (execution: Execution) => boolean) {
    const reached = await this.engine.runUntil(() => until(this.engine.get(executionId)));
    const execution = this.engine.get(executionId);
    if (!reached) throw new Error(`execution ${execution.flowId} stopped in ${execution.state.current} without reaching the awaited condition`);
    return execution;
  }

  async getExecution(executionId: string) {
    return this.engine.get(executionId);
  }

  async listExecutions() {
    return [...this.engine.executions.values()];
  }

  async logs(executionId: string) {
    return this.engine.logs.filter((l) => l.executionId === executionId);
  }

  async readFile(_executionId: string, uri: string) {
    return this.engine.storage.text(uri);
  }

  async restart(executionId: string) {
    return this.engine.restart(executionId);
  }

  async replay(executionId: string, taskRunId: string | null) {
    return this.engine.replay(executionId, taskRunId);
  }

  async markAs(executionId: string, taskRunId: string, state: Execution["state"]["current"]) {
    return this.engine.markAs(executionId, taskRunId, state);
  }

  async resume(executionId: string, inputs: Record<string, unknown>) {
    return this.engine.resume(executionId, inputs);
  }

  async kill(executionId: string) {
    return this.engine.kill(executionId);
  }

  async webhook(request: Parameters<ConformanceDriver["webhook"]>[0]) {
    return this.engine.webhook(request.namespace, request.flowId, request.key, {
      method: request.method,
      parameters: request.query,
      headers: request.contentType ? { "content-type": [request.contentType] } : {},
      body: request.body,
      contentType: request.contentType,
    });
  }

  async waitForExecutions(until: (all: Execution[]) => boolean) {
    await this.engine.runUntil(() => until([...this.engine.executions.values()]));
    return [...this.engine.executions.values()];
  }
}
