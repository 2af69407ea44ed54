import { z } from "zod";
import { text } from "@/engine/flow/values";
import { DAYS_OF_WEEK } from "./days";
import { defineCondition } from "../define";

export const dayWeekInMonthCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.DayWeekInMonth",
  aliases: [
    "io.kestra.plugin.core.condition.DayWeekInMonthCondition",
    "io.kestra.core.models.conditions.types.DayWeekInMonthCondition",
  ],
  properties: z.object({
    date: text().default("{{ trigger.date }}"),
    dayOfWeek: z.enum(DAYS_OF_WEEK),
    dayInMonth: z.enum(["FIRST", "SECOND", "THIRD", "FOURTH", "LAST"]),
  }),
});
