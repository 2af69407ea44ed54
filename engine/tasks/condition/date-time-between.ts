import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const dateTimeBetweenCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.DateTimeBetween",
  aliases: [
    "io.kestra.plugin.core.condition.DateTimeBetweenCondition",
    "io.kestra.core.models.conditions.types.DateTimeBetweenCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
    after: text().optional(),
    before: text().optional(),
  }),
});
