import type { WebhookCall } from "@/engine/executor";
import { actorOf } from "../actor";
import { startWebhookCall } from "./commands";

/**
 * A call to a flow's Webhook trigger. The key is the credential, as in Kestra: no user,
 * no grants; the execution is audited with no actor. Null when no webhook has that key.
 */
export function startExecutionByWebhook(input: { tenantId: string; namespace: string; flowId: string; key: string; call: WebhookCall }) {
  const actor = actorOf({ tenantId: input.tenantId, userId: null, grants: [] });
  return startWebhookCall(input.tenantId, input.namespace, input.flowId, input.key, input.call, {
    actor,
    entry: { action: "CREATE", resourceType: "EXECUTION", resourceId: "(new)", detail: { flow: `${input.namespace}.${input.flowId}`, via: "webhook" } },
  });
}
