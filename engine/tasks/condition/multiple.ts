import { z } from "zod";
import { bool, duration } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const multipleCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.MultipleCondition",
  aliases: ["io.kestra.core.models.conditions.types.MultipleCondition"],
  properties: ({ condition }) =>
    z.object({
      id: z.string().min(1),
      window: duration().optional(),
      windowAdvance: duration().optional(),
      conditions: z.record(z.string(), condition),
      resetOnSuccess: bool().default(true),
      timeWindow: z.record(z.string(), z.unknown()).optional(),
    }),
});
