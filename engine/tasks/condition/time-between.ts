import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const timeBetweenCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.TimeBetween",
  aliases: [
    "io.kestra.plugin.core.condition.TimeBetweenCondition",
    "io.kestra.core.models.conditions.types.TimeBetweenCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
    after: text().optional(),
    before: text().optional(),
  }),
});
