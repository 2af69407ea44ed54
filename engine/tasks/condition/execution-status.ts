import { z } from "zod";
import { state } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const executionStatusCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionStatus",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionStatusCondition",
    "io.kestra.core.models.conditions.types.ExecutionStatusCondition",
  ],
  properties: z.object({
    in: z.array(state()).optional(),
    notIn: z.array(state()).optional(),
  }),
});
