import { z } from "zod";
import { labels } from "@/engine/flow/labels";
import { defineCondition } from "../define";

export const executionLabelsCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionLabels",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionLabelsCondition",
    "io.kestra.core.models.conditions.types.ExecutionLabelsCondition",
  ],
  properties: z.object({
    labels: labels(),
  }),
});
