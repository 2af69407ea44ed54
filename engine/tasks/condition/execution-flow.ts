import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const executionFlowCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionFlow",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionFlowCondition",
    "io.kestra.core.models.conditions.types.ExecutionFlowCondition",
    // Deprecated by Kestra in favour of ExecutionFlow, same properties.
    "io.kestra.plugin.core.condition.FlowCondition",
    "io.kestra.core.models.conditions.types.FlowCondition",
  ],
  properties: z.object({
    namespace: text(),
    flowId: text(),
  }),
});
