import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const weekendCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.Weekend",
  aliases: [
    "io.kestra.plugin.core.condition.WeekendCondition",
    "io.kestra.core.models.conditions.types.WeekendCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
  }),
});
