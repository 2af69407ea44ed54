import { z } from "zod";
import { idRuleMessage } from "@/lib/id-rules";
import { labels } from "@/engine/flow/labels";
import { retry } from "@/engine/flow/retry";
import { bool, dynDuration, logLevel, onType, state } from "@/engine/flow/values";

/** Task and trigger ids: no dots, they appear in `outputs.<id>` expressions. */
export const TASK_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

export const taskId = (what = "task") =>
  z
    .string(onType(`expected a ${what} id`))
    .max(256)
    .regex(TASK_ID_RE, { error: (issue) => idRuleMessage(`${what} id`, issue.input, { upper: true, extra: "-_" }, "say_hello") });

const workerGroup = () =>
  z.strictObject({
    key: z.string(),
    fallback: z.enum(["FAIL", "WAIT", "CANCEL"]).optional(),
  });

/** Properties every task has, whatever its type. */
export const commonTaskShape = {
  id: taskId(),
  type: z.string(),
  description: z.string().optional(),
  disabled: bool().default(false),
  allowFailure: bool().default(false),
  allowWarning: bool().default(false),
  /** Rendered before the task starts; a falsy result makes the task SKIPPED. */
  runIf: z.string().optional(),
  retry: retry().optional(),
  timeout: dynDuration().optional(),
  workerGroup: workerGroup().optional(),
  logLevel: logLevel().optional(),
  logToFile: bool().default(false),
};

/**
 * A validated task. Type-specific properties are typed in the task's own file
 * (`z.output` of its `properties`); at flow level a task is its common
 * properties plus the rest.
 */
export type Task = z.output<z.ZodObject<typeof commonTaskShape>> & { [property: string]: unknown };

/** Properties every condition has. */
export const commonConditionShape = {
  type: z.string(),
};

export type Condition = { type: string; [property: string]: unknown };

/** Properties every trigger has. */
export const commonTriggerShape = {
  id: taskId("trigger"),
  type: z.string(),
  description: z.string().optional(),
  disabled: bool().default(false),
  workerGroup: workerGroup().optional(),
  logLevel: logLevel().optional(),
  minLogLevel: logLevel().optional(),
  logToFile: bool().default(false),
  labels: labels().optional(),
  /** Disable the trigger once one of its executions ends in one of these states. */
  stopAfter: z.array(state()).optional(),
  failOnTriggerError: bool().optional(),
  allowConcurrent: bool().optional(),
};

export type Trigger = z.output<z.ZodObject<typeof commonTriggerShape>> & {
  conditions?: Condition[];
  [property: string]: unknown;
};
