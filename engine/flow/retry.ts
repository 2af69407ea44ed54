import { z } from "zod";
import { bool, duration, int, number } from "./values";

/**
 * Retry policy, at task level and flow level. `behavior` decides whether a
 * failed execution retries its failed task in place or starts a new execution.
 */
const common = {
  maxAttempt: int({ min: 1 }).optional(),
  maxDuration: duration().optional(),
  warningOnRetry: bool().default(false),
  behavior: z.enum(["RETRY_FAILED_TASK", "CREATE_NEW_EXECUTION"]).default("RETRY_FAILED_TASK"),
};

const constant = z.strictObject({
  type: z.literal("constant"),
  ...common,
  interval: duration(),
});

const exponential = z.strictObject({
  type: z.literal("exponential"),
  ...common,
  interval: duration(),
  maxInterval: duration(),
  delayFactor: number({ min: 0 }).optional(),
});

const random = z.strictObject({
  type: z.literal("random"),
  ...common,
  minInterval: duration(),
  maxInterval: duration(),
});

export const retry = () =>
  z.discriminatedUnion("type", [constant, exponential, random], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? 'retry type must be one of "constant", "exponential", "random"'
        : undefined,
  });

export type Retry = z.output<ReturnType<typeof retry>>;
