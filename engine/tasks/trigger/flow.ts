import { z } from "zod";
import { idRuleMessage } from "@/lib/id-rules";
import { bool, duration, state, stringMap, text } from "@/engine/flow/values";
import { TASK_ID_RE } from "../common";
import { defineTrigger } from "../define";

const filter = z.strictObject({
  field: z.enum(["FLOW_ID", "NAMESPACE", "STATE", "EXPRESSION"]),
  type: z.enum([
    "EQUAL_TO",
    "NOT_EQUAL_TO",
    "IN",
    "NOT_IN",
    "IS_TRUE",
    "IS_FALSE",
    "IS_NULL",
    "IS_NOT_NULL",
    "STARTS_WITH",
    "ENDS_WITH",
    "REGEX",
    "CONTAINS",
  ]),
  value: text().optional(),
  values: z.array(text()).optional(),
});

const timeWindow = z.strictObject({
  type: z
    .enum(["DURATION_WINDOW", "SLIDING_WINDOW", "DAILY_TIME_DEADLINE", "DAILY_TIME_WINDOW"])
    .default("DURATION_WINDOW"),
  window: duration().optional(),
  windowAdvance: duration().optional(),
  deadline: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
});

/** Upstream flows (and filters) that must all have run within a time window. */
const preconditions = z.strictObject({
  id: z.string().regex(TASK_ID_RE, { error: (issue) => idRuleMessage("preconditions id", issue.input, { upper: true, extra: "-_" }, "upstream") }),
  flows: z
    .array(
      z.strictObject({
        namespace: text(),
        flowId: text().optional(),
        states: z.array(state()).optional(),
        labels: stringMap().optional(),
      }),
    )
    .optional(),
  where: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        operand: z.enum(["AND", "OR"]).default("AND"),
        filters: z.array(filter).min(1, "filters must not be empty"),
      }),
    )
    .optional(),
  timeWindow: timeWindow.optional(),
  resetOnSuccess: bool().default(true),
});

export const flowTrigger = defineTrigger({
  type: "io.kestra.plugin.core.trigger.Flow",
  aliases: ["io.kestra.core.models.triggers.types.Flow"],
  title: "Start the flow when other flows' executions end",
  properties: z.object({
    /** Rendered with `trigger.outputs` of the upstream execution. */
    inputs: stringMap().optional(),
    /** Upstream execution states that fire the trigger; terminal states by default. */
    states: z.array(state()).optional(),
    preconditions: preconditions.optional(),
  }),
});
