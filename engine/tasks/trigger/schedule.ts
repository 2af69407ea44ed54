import { z } from "zod";
import { labels } from "@/engine/flow/labels";
import { bool, duration, stringMap, text } from "@/engine/flow/values";
import { defineTrigger } from "../define";

export const schedule = defineTrigger({
  type: "io.kestra.plugin.core.trigger.Schedule",
  aliases: ["io.kestra.core.models.triggers.types.Schedule"],
  title: "Start the flow on a cron schedule",
  properties: ({ condition }) =>
    z.object({
      cron: text(),
      /** The cron has a seconds field (6 fields instead of 5). */
      withSeconds: bool().default(false),
      /** IANA zone the cron is evaluated in; the server's zone by default. */
      timezone: z.string().optional(),
      inputs: stringMap().optional(),
      backfill: z
        .strictObject({
          start: z.string().optional(),
          end: z.string().optional(),
          labels: labels().optional(),
        })
        .optional(),
      lateMaximumDelay: duration().optional(),
      recoverMissedSchedules: z.enum(["ALL", "LAST", "NONE"]).optional(),
      /** Deprecated: use `conditions`. */
      scheduleConditions: z.array(condition).optional(),
      /** Deprecated. */
      interval: duration().optional(),
    }),
});
