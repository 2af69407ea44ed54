import { z } from "zod";
import { bool, stringMap, text } from "@/engine/flow/values";
import { defineTrigger } from "../define";

export const webhook = defineTrigger({
  type: "io.kestra.plugin.core.trigger.Webhook",
  aliases: ["io.kestra.core.models.triggers.types.Webhook"],
  title: "Start the flow when /executions/webhook/{namespace}/{flowId}/{key} is called",
  properties: z.object({
    /** The secret part of the webhook URL; may be an expression such as `{{ flow.id }}`. */
    key: text().pipe(z.string().min(1).max(256)),
    /** Answer only once the execution ends. */
    wait: bool().default(false),
    returnOutputs: bool().default(false),
    responseContentType: z.string().optional(),
    inputs: stringMap().optional(),
  }),
});
