import { z } from "zod";
import { defineCondition } from "../define";

export const notCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.Not",
  aliases: [
    "io.kestra.plugin.core.condition.NotCondition",
    "io.kestra.core.models.conditions.types.NotCondition",
  ],
  properties: ({ condition }) =>
    z.object({
      conditions: z.array(condition).min(1, "conditions must not be empty"),
    }),
});
