import { z } from "zod";
import { text } from "@/engine/flow/values";
import { DAYS_OF_WEEK } from "./days";
import { defineCondition } from "../define";

export const dayWeekCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.DayWeek",
  aliases: [
    "io.kestra.plugin.core.condition.DayWeekCondition",
    "io.kestra.core.models.conditions.types.DayWeekCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
    dayOfWeek: z.enum(DAYS_OF_WEEK),
  }),
});
