import { z } from "zod";
import { labels } from "./labels";
import { duration, text } from "./values";

/**
 * Service-level agreements of a flow. Ids need not be unique (Kestra's own
 * sla-execution-condition flow repeats one).
 */
const common = {
  id: z.string().min(1, "sla id must not be empty"),
  behavior: z.enum(["FAIL", "CANCEL", "NONE"]).default("FAIL"),
  labels: labels().optional(),
};

const maxDuration = z.strictObject({
  ...common,
  type: z.literal("MAX_DURATION"),
  duration: duration(),
});

const executionAssertion = z.strictObject({
  ...common,
  type: z.literal("EXECUTION_ASSERTION"),
  /** Rendered at the end of the execution; false is a violation. */
  assert: text(),
});

export const sla = () =>
  z.discriminatedUnion("type", [maxDuration, executionAssertion], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'sla type must be "MAX_DURATION" or "EXECUTION_ASSERTION"'
        : undefined,
  });

export type Sla = z.output<ReturnType<typeof sla>>;
