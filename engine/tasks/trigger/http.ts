import { z } from "zod";
import { duration, stringMap, text } from "@/engine/flow/values";
import { parseDuration } from "@/engine/executor/duration";
import { defineTrigger } from "../define";
import { HTTP_TRIGGER, HTTP_TRIGGER_DEFAULT_INTERVAL, POLL_MIN_INTERVAL_MS } from "@/engine/scheduler/polling";

/**
 * Kestra's http.Trigger: a polling trigger. Every `interval` the scheduler calls `uri` (with
 * `method`, `headers`, `body`; expressions rendered with the flow's variables) through the
 * tenant's network policy and a bounded timeout, then renders `responseCondition` with
 * `response` (`statusCode`, `body`, `headers`); when it gives true, it starts an execution
 * with `trigger.body` (JSON parsed when it is JSON), `trigger.code` and `trigger.headers`.
 */
export const httpTrigger = defineTrigger({
  type: HTTP_TRIGGER,
  aliases: ["io.kestra.plugin.fs.http.Trigger"],
  title: "Start the flow when polling an HTTP endpoint meets a condition",
  properties: z.object({
    uri: text().pipe(z.string().min(1, { error: "the URI to poll is required" })),
    method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]).default("GET"),
    headers: stringMap().optional(),
    body: text().optional(),
    contentType: z.string().optional(),
    interval: duration()
      .refine((v) => parseDuration(v) >= POLL_MIN_INTERVAL_MS, { message: "the polling interval must be at least PT1S" })
      .default(HTTP_TRIGGER_DEFAULT_INTERVAL),
    responseCondition: z.string().default("{{ response.statusCode < 400 }}"),
    inputs: stringMap().optional(),
  }),
});
