import { z } from "zod";
import { stringMap } from "@/engine/flow/values";
import { defineTrigger } from "../define";

/**
 * Kestra's ScheduleOnDates: fires once at each of `dates` (ISO date-times with an offset;
 * one without is read in `timezone`). The scheduler treats the list as a schedule: the
 * same lease, recoverMissedSchedules, backfills, and `trigger.date` in the zone.
 */
export const scheduleOnDates = defineTrigger({
  type: "io.kestra.plugin.core.trigger.ScheduleOnDates",
  title: "Start the flow at each of a list of dates",
  properties: z.object({
    dates: z.array(z.string()).min(1),
    /** IANA zone of `trigger.date` (and of dates written without an offset); the server's zone by default. */
    timezone: z.string().optional(),
    inputs: stringMap().optional(),
    recoverMissedSchedules: z.enum(["ALL", "LAST", "NONE"]).optional(),
  }),
});
