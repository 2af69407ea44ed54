import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const executionFlowCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionFlow",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionFlowCondition",
    "io.kestra.core.models.conditions.types.ExecutionFlowCondition",
  ],
  properties: z.object({
    namespace: text(),
    flowId: text(),
  }),
});
