import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const expressionCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.Expression",
  aliases: [
    "io.kestra.plugin.core.condition.ExpressionCondition",
    "io.kestra.core.models.conditions.types.ExpressionCondition",
    "io.kestra.core.models.conditions.types.VariableCondition",
  ],
  properties: z.object({
    expression: text(),
  }),
});
