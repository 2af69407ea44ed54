import { z } from "zod";
import { idRuleMessage } from "@/lib/id-rules";
import { pluginSchemas } from "@/engine/tasks/registry";
import { flowInput, inputId, INPUT_TYPES } from "./inputs";
import { labels } from "./labels";
import { pluginDefault } from "./plugin-defaults";
import { retry } from "./retry";
import { sla } from "./sla";
import { anyValue, bool, int, onType, stringMap } from "./values";

const FLOW_ID_RE = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const NAMESPACE_RE = /^[a-z0-9][a-z0-9._-]*$/;

const { task, trigger } = pluginSchemas;

const taskList = z.array(task, { error: "expected a list of tasks" });

const output = z.strictObject({
  id: inputId(),
  type: z.enum(INPUT_TYPES, { error: `output type must be one of ${INPUT_TYPES.join(", ")}` }),
  /** Rendered at the end of the execution. */
  value: anyValue().refine((v) => v !== undefined && v !== null, "output value is required"),
  description: z.string().optional(),
  displayName: z.string().optional(),
  required: bool().optional(),
});

const concurrency = z.strictObject({
  limit: int({ min: 1 }),
  /** What happens to an execution over the limit. */
  behavior: z.enum(["QUEUE", "CANCEL", "FAIL"]).default("QUEUE"),
});

/**
 * A Kestra flow. Strict at the top level: an unknown key is a typo Kestra
 * would reject too.
 */
export const flowSchema = z.strictObject({
  id: z
    .string(onType("expected a flow id"))
    .min(1)
    .max(100)
    .regex(FLOW_ID_RE, { error: (issue) => idRuleMessage("flow id", issue.input, { upper: true, extra: ".-_" }, "hello-world") }),
  namespace: z
    .string(onType("expected a namespace"))
    .min(1)
    .max(150)
    .regex(NAMESPACE_RE, { error: (issue) => idRuleMessage("namespace", issue.input, { upper: false, extra: ".-_" }, "company.team") }),
  /** Accepted and ignored: the server numbers revisions. */
  revision: z.unknown().optional(),
  description: z.string().optional(),
  labels: labels().optional(),
  inputs: z.array(flowInput()).optional(),
  variables: stringMap().optional(),
  tasks: taskList.min(1, "a flow needs at least one task"),
  errors: taskList.optional(),
  finally: taskList.optional(),
  afterExecution: taskList.optional(),
  triggers: z.array(trigger).optional(),
  outputs: z.array(output).optional(),
  concurrency: concurrency.optional(),
  disabled: bool().default(false),
  retry: retry().optional(),
  sla: z.array(sla()).optional(),
  pluginDefaults: z.array(pluginDefault()).optional(),
  /** Deprecated name of pluginDefaults. */
  taskDefaults: z.array(pluginDefault()).optional(),
});

export type Flow = Omit<z.output<typeof flowSchema>, "revision">;
export type FlowOutput = z.output<typeof output>;
export type Concurrency = z.output<typeof concurrency>;
