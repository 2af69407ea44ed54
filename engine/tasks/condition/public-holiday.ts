import { z } from "zod";
import { text } from "@/engine/flow/values";
import { HolidayCalendarError, isPublicHoliday } from "@/engine/conditions/holidays";
import { defineCondition } from "../define";

const literal = (value: string | undefined): value is string => typeof value === "string" && !value.includes("{{");

export const publicHolidayCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.PublicHoliday",
  aliases: [
    "io.kestra.plugin.core.condition.PublicHolidayCondition",
    "io.kestra.core.models.conditions.types.PublicHolidayCondition",
  ],
  properties: z
    .object({
      date: text().default("{{ trigger.date }}"),
      country: text().optional(),
      subDivision: text().optional(),
    })
    .superRefine((value, ctx) => {
      // A country or subdivision written as it is is checked when the flow is saved, not when it first fires.
      if (!literal(value.country) || (value.subDivision !== undefined && !literal(value.subDivision))) return;
      try {
        isPublicHoliday("2000-01-01", value.country, value.subDivision);
      } catch (error) {
        if (!(error instanceof HolidayCalendarError)) throw error;
        ctx.addIssue({ code: "custom", path: [error.message.includes("subdivision") ? "subDivision" : "country"], message: error.message });
      }
    }),
});
