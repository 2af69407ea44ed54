import type { Flow } from "@/engine/flow/schema";
import { canonicalType } from "@/engine/tasks/registry";
import { createRenderer } from "./render";
import type { ExecutionTrigger } from "./types";

const WEBHOOK = "io.kestra.plugin.core.trigger.Webhook";

export type WebhookCall = {
  method: string;
  /** Query parameters, each with all its values (`?age=12&age=13`). */
  parameters: Record<string, string[]>;
  headers: Record<string, string[]>;
  /** The raw body, if any. */
  body?: string;
  contentType?: string;
};

/**
 * The trigger of an execution started by a call to a flow's Webhook: the first enabled
 * Webhook trigger whose key (rendered, it may be `{{ flow.id }}`) equals `key`, with the
 * call's body (JSON when it parses as such, else the text; null without a body), headers
 * and parameters as trigger variables. Undefined when no webhook of the flow has that key.
 */
export async function webhookTrigger(flow: Flow, key: string, call: WebhookCall): Promise<ExecutionTrigger | undefined> {
  const renderer = createRenderer({ flow: { id: flow.id, namespace: flow.namespace } });
  for (const trigger of flow.triggers ?? []) {
    if (trigger.disabled || canonicalType(trigger.type) !== WEBHOOK) continue;
    const expected = await renderer.render(String((trigger as { key?: unknown }).key ?? ""));
    if (expected !== key) continue;
    return {
      id: trigger.id,
      type: WEBHOOK,
      variables: { body: parseBody(call.body), headers: call.headers, parameters: call.parameters },
    };
  }
  return undefined;
}

function parseBody(body: string | undefined): unknown {
  if (body === undefined || body === "") return null;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
