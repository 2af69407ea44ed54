import { withTenant } from "@/db/tenant";
import { getFlowsByKeys } from "@/db/queries/flows";
import { insertExecutions } from "@/db/queries/executions";
import { recordFires, takeLeasedTrigger, type LeasedTrigger } from "@/db/queries/triggers";
import { enqueueWorkMany } from "@/db/queries/work";
import { createExecution, resolveInputs } from "@/engine/executor";
import type { HttpClient, HttpResponse } from "@/engine/executor/services";
import { createRenderer } from "@/engine/executor/render";
import { guardedHttp } from "@/engine/net/http";
import { tenantNetworkPolicy } from "@/engine/net/tenant-policy";
import { canonicalType } from "@/engine/tasks/registry";
import { HTTP_TRIGGER, pollIntervalOf } from "./polling";

/** The longest one poll may take: well inside the scheduler's lease. */
export const POLL_TIMEOUT_MS = 10_000;

type HttpTriggerDefinition = {
  id: string;
  type: string;
  disabled?: boolean;
  uri: string;
  method?: string;
  headers?: Record<string, unknown>;
  body?: string;
  contentType?: string;
  interval?: string;
  responseCondition?: string;
  inputs?: Record<string, unknown>;
};

export type PollOptions = {
  owner: string;
  /** The scheduler's time when the poll starts (dates of the execution and of the next poll). */
  now: Date;
  timeoutMs?: number;
  /** The tenant's HTTP client (tests pass their own); by default through the tenant's network policy. */
  http?: (tenantId: string) => HttpClient;
  /** Aborts the call (the scheduler stops). */
  signal?: AbortSignal;
};

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

/**
 * Polls one leased http.Trigger (Kestra's PollingTriggerInterface): reads its flow in the
 * tenant's transaction, calls the URI outside any transaction with a bounded timeout and the
 * tenant's network policy, then, in a second transaction that still holds the lease, starts
 * an execution when `responseCondition` holds and sets the next poll to now + interval.
 * A failed call is logged and polled again after the interval. Returns the execution started.
 */
export async function pollLeasedTrigger(leased: LeasedTrigger, options: PollOptions): Promise<string | null> {
  const { tenantId } = leased;
  const label = `${tenantId}/${leased.namespace}.${leased.flowId}/${leased.triggerId}`;
  const loaded = await withTenant({ tenantId }, async (tx) => {
    const row = await takeLeasedTrigger(tx, leased, options.owner);
    if (!row || !row.nextExecutionDate) return null;
    const [flowRow] = await getFlowsByKeys(tx, [leased]);
    const flow = flowRow?.definition;
    const definition = flow?.triggers?.find((t) => t.id === leased.triggerId) as HttpTriggerDefinition | undefined;
    const interval = definition ? pollIntervalOf(definition) : null;
    if (!flowRow || !flow || flow.disabled || !definition || definition.disabled || row.disabled || interval === null) {
      // Nothing to poll any more: unschedule (a save or an enable schedules it again).
      await recordFires(tx, leased, { next: null });
      return null;
    }
    return { flow, revision: flowRow.revision, definition, interval };
  });
  if (!loaded) return null;
  const { flow, definition, interval } = loaded;
  const next = new Date(options.now.getTime() + interval);

  let response: HttpResponse | null = null;
  let url = definition.uri;
  let holds = false;
  try {
    const renderer = createRenderer({ flow: { id: flow.id, namespace: flow.namespace } });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(definition.headers ?? {})) headers[name] = await renderer.render(String(value));
    if (definition.contentType && definition.body !== undefined) headers["Content-Type"] ??= definition.contentType;
    const http = options.http?.(tenantId) ?? guardedHttp(() => tenantNetworkPolicy(tenantId));
    response = await http({
      url: (url = await renderer.render(definition.uri)),
      method: definition.method ?? "GET",
      headers,
      body: definition.body === undefined ? undefined : await renderer.render(definition.body),
      timeoutMs: options.timeoutMs ?? POLL_TIMEOUT_MS,
      signal: options.signal,
    });
    const variables = { statusCode: response.status, body: parsedBody(response.body), headers: response.headers };
    const rendered = await renderer.renderWith(definition.responseCondition ?? "{{ response.statusCode < 400 }}", { response: variables });
    holds = rendered.trim() === "true";
  } catch (error) {
    console.error(`[scheduler] ${label}: poll failed, next at ${next.toISOString()}:`, error instanceof Error ? error.message : error);
  }

  return withTenant({ tenantId }, async (tx) => {
    // The lease may have expired and gone to another scheduler meanwhile: then it is theirs.
    const row = await takeLeasedTrigger(tx, leased, options.owner);
    if (!row) return null;
    if (!holds || !response) {
      await recordFires(tx, leased, { next });
      return null;
    }
    const inputs = resolveInputs(flow.inputs, definition.inputs ?? {}, "typed");
    if (!inputs.ok) {
      console.error(`[scheduler] ${label}: inputs rejected`, inputs.errors);
      await recordFires(tx, leased, { next });
      return null;
    }
    const execution = createExecution({
      flow,
      revision: loaded.revision,
      inputs: inputs.inputs,
      trigger: {
        id: definition.id,
        type: canonicalType(definition.type) ?? HTTP_TRIGGER,
        variables: { uri: url, code: response.status, headers: response.headers, body: parsedBody(response.body) },
      },
      now: options.now,
    });
    await insertExecutions(tx, { tenantId, docs: [execution] });
    await enqueueWorkMany(tx, { tenantId, executionIds: [execution.id] });
    await recordFires(tx, leased, { next, date: options.now, executionId: execution.id });
    return execution.id;
  });
}
