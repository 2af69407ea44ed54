import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const executionOutputsCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionOutputs",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionOutputsCondition",
    "io.kestra.core.models.conditions.types.ExecutionOutputsCondition",
  ],
  properties: z.object({
    expression: text(),
  }),
});
