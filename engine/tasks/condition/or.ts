import { z } from "zod";
import { defineCondition } from "../define";

export const orCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.Or",
  aliases: [
    "io.kestra.plugin.core.condition.OrCondition",
    "io.kestra.core.models.conditions.types.OrCondition",
  ],
  properties: ({ condition }) =>
    z.object({
      conditions: z.array(condition).min(1, "conditions must not be empty"),
    }),
});
