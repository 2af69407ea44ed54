import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const publicHolidayCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.PublicHoliday",
  aliases: [
    "io.kestra.plugin.core.condition.PublicHolidayCondition",
    "io.kestra.core.models.conditions.types.PublicHolidayCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
    country: text().optional(),
    subDivision: text().optional(),
  }),
});
