import { z } from "zod";
import { state } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const hasRetryAttemptCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.HasRetryAttempt",
  aliases: [
    "io.kestra.plugin.core.condition.HasRetryAttemptCondition",
    "io.kestra.core.models.conditions.types.HasRetryAttemptCondition",
  ],
  properties: z.object({
    in: z.array(state()).optional(),
    notIn: z.array(state()).optional(),
  }),
});
