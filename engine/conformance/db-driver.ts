import { asSuperadmin, withTenant } from "@/db/tenant";
import { createTenant } from "@/db/queries/tenants";
import { saveFlow } from "@/db/queries/flows";
import { setKv } from "@/db/queries/kv";
import { findExecutions } from "@/db/queries/executions";
import { findExecutionLogs, logEntryOf } from "@/db/queries/logs";
import { findExecutionMetrics } from "@/db/queries/execution-metrics";
import { validateFlowSource } from "@/engine/flow/validate";
import type { Execution, LogEntry } from "@/engine/executor/types";
import { isTerminated } from "@/engine/executor/state";
import {
  killExecution,
  markTaskRunAs,
  readExecution,
  replayExecution,
  restartExecution,
  resumeExecution,
  startExecution,
  startWebhook,
} from "@/lib/server/executions/commands";
import { executionFiles } from "@/engine/worker/services";
import { configureTemplateSettings } from "@/engine/worker/settings";
import { nextExecutionSignal } from "@/engine/worker/wakeup";
import { newId } from "@/lib/ids";
import { SubmissionError, type ConformanceDriver, type CreateRequest, type WebhookRequest } from "./types";

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The conformance driver over the real engine: a fresh tenant per scenario, flows saved
 * through the data layer, executions started, changed and read through the same commands
 * as the REST API, advanced by this process's worker leasing from the database. Time is
 * real: Sleep, Pause and retry delays take as long as they say.
 */
export class DatabaseDriver implements ConformanceDriver {
  readonly name = "database";
  /** Creation with `scheduleDate` is being added (issue 14, helper triggers2): flip once startExecution honours it. */
  readonly schedulesExecutions = true;
  private tenantId = "";

  async reset() {
    const id = `conf-${newId(10).toLowerCase()}`;
    await asSuperadmin({ actorId: null, action: "CREATE", targetType: "TENANT", targetId: id, tenantId: id, detail: "conformance" }, (tx) =>
      createTenant(tx, { id, name: `Conformance ${id}` }),
    );
    this.tenantId = id;
    configureTemplateSettings({});
  }

  async configure(settings: { envs?: Record<string, string>; globals?: Record<string, unknown> }) {
    configureTemplateSettings(settings);
  }

  async loadFlow(source: string) {
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(`Invalid flow: ${parsed.errors.map((e) => `${e.path} ${e.message}`).join("; ")}`);
    const tenantId = this.tenantId;
    await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  }

  async setKV(namespace: string, key: string, value: unknown) {
    const tenantId = this.tenantId;
    await withTenant({ tenantId }, (tx) => setKv(tx, { tenantId, namespace, key, value }));
  }

  async createExecution(request: CreateRequest) {
    try {
      const { scheduleDate, ...rest } = request;
      return await startExecution({ tenantId: this.tenantId, ...rest, inputs: request.inputs ?? {}, ...(scheduleDate ? { scheduleDate: new Date(scheduleDate) } : {}) });
    } catch (error) {
      throw new SubmissionError(error instanceof Error ? error.message : String(error));
    }
  }

  async waitFor(executionId: string, until: (execution: Execution) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const execution = await this.getExecution(executionId);
      if (until(execution)) return execution;
      if (isTerminated(execution.state.current) && Date.now() > deadline - timeoutMs + 2000) {
        // Ended without the awaited condition: give a moment for follow-ups, then give up.
        throw new Error(`execution ${execution.flowId} ended ${execution.state.current} without reaching the awaited condition`);
      }
      if (Date.now() > deadline) throw new Error(`execution ${execution.flowId} still ${execution.state.current} after ${timeoutMs} ms`);
      await nextExecutionSignal(this.tenantId, executionId, 200);
    }
  }

  async getExecution(executionId: string) {
    const execution = await readExecution(this.tenantId, executionId);
    if (!execution) throw new Error(`execution ${executionId} not found`);
    return execution;
  }

  async listExecutions() {
    const tenantId = this.tenantId;
    const { results } = await withTenant({ tenantId }, (tx) => findExecutions(tx, { page: 1, size: 1000, scope: null, sort: "startDate:asc" }));
    return results.map((r) => r.document);
  }

  async logs(executionId: string): Promise<LogEntry[]> {
    const tenantId = this.tenantId;
    const rows = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId }));
    return rows.map(logEntryOf);
  }

  async metrics(executionId: string) {
    const tenantId = this.tenantId;
    const { results } = await withTenant({ tenantId }, (tx) => findExecutionMetrics(tx, { executionId, page: 1, size: 1000 }));
    return results;
  }

  async readFile(executionId: string, uri: string) {
    const execution = await this.getExecution(executionId);
    const bytes = await executionFiles(this.tenantId, execution).read(uri);
    return bytes ? bytes.toString("utf8") : null;
  }

  restart(executionId: string) {
    return restartExecution(this.tenantId, executionId);
  }

  replay(executionId: string, taskRunId: string | null) {
    return replayExecution(this.tenantId, executionId, taskRunId);
  }

  markAs(executionId: string, taskRunId: string, state: Execution["state"]["current"]) {
    return markTaskRunAs(this.tenantId, executionId, taskRunId, state);
  }

  resume(executionId: string, inputs: Record<string, unknown>) {
    return resumeExecution(this.tenantId, executionId, inputs);
  }

  kill(executionId: string) {
    return killExecution(this.tenantId, executionId);
  }

  async webhook(request: WebhookRequest) {
    const execution = await startWebhook(this.tenantId, request.namespace, request.flowId, request.key, {
      method: request.method,
      parameters: request.query,
      headers: request.contentType ? { "content-type": [request.contentType] } : {},
      body: request.body,
      contentType: request.contentType,
    });
    return execution ?? undefined;
  }

  async waitForExecutions(until: (all: Execution[]) => boolean, timeoutMs = DEFAULT_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.listExecutions();
      if (until(all) || Date.now() > deadline) return all;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
