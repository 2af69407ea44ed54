import { z } from "zod";
import {
  commonConditionShape,
  commonTaskShape,
  commonTriggerShape,
  type Condition,
  type Task,
  type Trigger,
} from "./common";
import {
  propertiesOf,
  type ConditionDefinition,
  type PluginDefinition,
  type Refs,
  type TaskDefinition,
  type TriggerDefinition,
} from "./define";
import { dateTimeBetweenCondition } from "./condition/date-time-between";
import { dayWeekCondition } from "./condition/day-week";
import { dayWeekInMonthCondition } from "./condition/day-week-in-month";
import { executionFlowCondition } from "./condition/execution-flow";
import { executionLabelsCondition } from "./condition/execution-labels";
import { executionNamespaceCondition } from "./condition/execution-namespace";
import { executionOutputsCondition } from "./condition/execution-outputs";
import { executionStatusCondition } from "./condition/execution-status";
import { expressionCondition } from "./condition/expression";
import { hasRetryAttemptCondition } from "./condition/has-retry-attempt";
import { multipleCondition } from "./condition/multiple";
import { notCondition } from "./condition/not";
import { orCondition } from "./condition/or";
import { publicHolidayCondition } from "./condition/public-holiday";
import { timeBetweenCondition } from "./condition/time-between";
import { weekendCondition } from "./condition/weekend";
import { echo } from "./debug/echo";
import { returnTask } from "./debug/return";
import { fail } from "./execution/fail";
import { labelsTask } from "./execution/labels";
import { executionCount } from "./execution/count";
import { purgeExecutions } from "./execution/purge-executions";
import { executionResume } from "./execution/resume";
import { logFetch } from "./log/fetch";
import { purgeLogs } from "./log/purge-logs";
import { allowFailure } from "./flow/allow-failure";
import { dag } from "./flow/dag";
import { eachParallel } from "./flow/each-parallel";
import { eachSequential } from "./flow/each-sequential";
import { forEach } from "./flow/for-each";
import { ifTask } from "./flow/if";
import { parallel } from "./flow/parallel";
import { pause } from "./flow/pause";
import { sequential } from "./flow/sequential";
import { sleep } from "./flow/sleep";
import { subflow } from "./flow/subflow";
import { forEachItem, forEachItemExecutable, forEachItemMergeOutputs, forEachItemSplit } from "./flow/for-each-item";
import { switchTask } from "./flow/switch";
import { waitFor } from "./flow/wait-for";
import { workingDirectory } from "./flow/working-directory";
import { localFiles } from "./storage/local-files";
import { httpDownload } from "./http/download";
import { httpRequest } from "./http/request";
import { kvDelete } from "./kv/delete";
import { kvGet } from "./kv/get";
import { kvGetKeys } from "./kv/get-keys";
import { kvSet } from "./kv/set";
import { deleteFiles } from "./namespace/delete-files";
import { downloadFiles } from "./namespace/download-files";
import { uploadFiles } from "./namespace/upload-files";
import { log } from "./log/log";
import { outputValues } from "./output/output-values";
import { storageConcat } from "./storage/concat";
import { deduplicateItems } from "./storage/deduplicate-items";
import { storageDelete } from "./storage/delete";
import { filterItems } from "./storage/filter-items";
import { purgeCurrentExecutionFiles } from "./storage/purge-current-execution-files";
import { storageReverse } from "./storage/reverse";
import { storageSize } from "./storage/size";
import { storageSplit } from "./storage/split";
import { nodeCommands } from "./scripts/node-commands";
import { nodeScript } from "./scripts/node-script";
import { pythonCommands } from "./scripts/python-commands";
import { pythonScript } from "./scripts/python-script";
import { shellCommands } from "./scripts/shell-commands";
import { shellScript } from "./scripts/shell-script";
import { write } from "./storage/write";
import { bindTemplatedTaskRegistry, templatedTask } from "./templating/templated-task";
import { stateDelete } from "./state/delete";
import { stateGet } from "./state/get";
import { stateSet } from "./state/set";
import { flowTrigger } from "./trigger/flow";
import { schedule } from "./trigger/schedule";
import { scheduleOnDates } from "./trigger/schedule-on-dates";
import { webhook } from "./trigger/webhook";
import { triggerToggle } from "./trigger/toggle";
import { httpTrigger } from "./trigger/http";

/** Every task type Switchyard knows. Adding a task: write its file, list it here. */
export const taskDefinitions: readonly TaskDefinition[] = [
  log,
  returnTask,
  outputValues,
  fail,
  labelsTask,
  executionCount,
  purgeExecutions,
  executionResume,
  triggerToggle,
  logFetch,
  purgeLogs,
  sequential,
  parallel,
  ifTask,
  switchTask,
  forEach,
  eachSequential,
  eachParallel,
  dag,
  subflow,
  forEachItem,
  forEachItemSplit,
  forEachItemExecutable,
  forEachItemMergeOutputs,
  pause,
  waitFor,
  workingDirectory,
  localFiles,
  sleep,
  allowFailure,
  kvSet,
  kvGet,
  kvDelete,
  kvGetKeys,
  uploadFiles,
  downloadFiles,
  deleteFiles,
  httpRequest,
  httpDownload,
  write,
  storageSize,
  storageDelete,
  storageReverse,
  storageSplit,
  storageConcat,
  filterItems,
  deduplicateItems,
  purgeCurrentExecutionFiles,
  stateGet,
  stateSet,
  stateDelete,
  templatedTask,
  echo,
  shellCommands,
  shellScript,
  pythonCommands,
  pythonScript,
  nodeCommands,
  nodeScript,
];

export const triggerDefinitions: readonly TriggerDefinition[] = [schedule, scheduleOnDates, webhook, flowTrigger, httpTrigger];

export const conditionDefinitions: readonly ConditionDefinition[] = [
  executionStatusCondition,
  executionFlowCondition,
  executionNamespaceCondition,
  executionLabelsCondition,
  executionOutputsCondition,
  expressionCondition,
  hasRetryAttemptCondition,
  dayWeekCondition,
  dayWeekInMonthCondition,
  dateTimeBetweenCondition,
  timeBetweenCondition,
  weekendCondition,
  publicHolidayCondition,
  notCondition,
  orCondition,
  multipleCondition,
];

const allDefinitions: readonly PluginDefinition[] = [
  ...taskDefinitions,
  ...triggerDefinitions,
  ...conditionDefinitions,
];

const byName = new Map<string, PluginDefinition>();
for (const def of allDefinitions) {
  for (const name of [def.type, ...(def.aliases ?? [])]) {
    if (byName.has(name)) throw new Error(`plugin type registered twice: ${name}`);
    byName.set(name, def);
  }
}

/** A plugin by its full type or one of its aliases. */
export function findPlugin(type: string): PluginDefinition | undefined {
  return byName.get(type);
}

export function findTask(type: string): TaskDefinition | undefined {
  const def = byName.get(type);
  return def && (def.kind === "runnable" || def.kind === "flowable") ? def : undefined;
}

export function findTrigger(type: string): TriggerDefinition | undefined {
  const def = byName.get(type);
  return def?.kind === "trigger" ? def : undefined;
}

export function findCondition(type: string): ConditionDefinition | undefined {
  const def = byName.get(type);
  return def?.kind === "condition" ? def : undefined;
}

/** The full type for a type or alias; unknown names come back unchanged. */
export function canonicalType(type: string): string {
  return byName.get(type)?.type ?? type;
}

const CORE_PREFIX = "io.kestra.plugin.core.";

/**
 * Short names as the conformance corpus writes them: `flow.If`, `log.Log`,
 * and the bare class name (`Log`) when no other plugin shares it. Not accepted
 * in flows (Kestra does not accept them either): for tools and test records.
 */
const byShortName = (() => {
  const map = new Map<string, string>();
  const bare = new Map<string, string[]>();
  for (const def of allDefinitions) {
    if (!def.type.startsWith(CORE_PREFIX)) continue;
    const short = def.type.slice(CORE_PREFIX.length);
    map.set(short, def.type);
    const name = short.slice(short.lastIndexOf(".") + 1);
    bare.set(name, [...(bare.get(name) ?? []), def.type]);
  }
  for (const [name, types] of bare) if (types.length === 1) map.set(name, types[0]);
  return map;
})();

export function resolveShortType(name: string): string | undefined {
  return byName.has(name) ? canonicalType(name) : byShortName.get(name);
}

type Kind = "task" | "trigger" | "condition";

/** The message for a `type` that matches no plugin of the expected kind. */
function unknownTypeMessage(kind: Kind, input: unknown): string {
  const type = input && typeof input === "object" ? (input as { type?: unknown }).type : undefined;
  if (type === undefined || type === null) return `${kind} type is required`;
  if (typeof type !== "string") return `${kind} type must be a string`;
  const other = byName.get(type);
  if (other?.internal) return `"${type}" is internal to the engine and cannot be written in a flow`;
  if (other) {
    const otherKind = other.kind === "trigger" || other.kind === "condition" ? other.kind : "task";
    return `"${type}" is a ${otherKind} type, not a ${kind} type`;
  }
  const guess = byShortName.get(type);
  if (guess) return `unknown ${kind} type "${type}", did you mean "${guess}"?`;
  return `unknown ${kind} type "${type}"`;
}

function variant(def: PluginDefinition, common: z.ZodRawShape, refs: Refs) {
  const props = propertiesOf(def, refs);
  const names = [def.type, ...(def.aliases ?? [])];
  const schema = z.strictObject({ ...common, type: z.literal(names), ...props.shape });
  // Refinements of the properties object (e.g. "cases or defaults") would be
  // lost by rebuilding it from its shape: carry them over.
  const checks = (props._zod.def.checks ?? []) as z.core.$ZodCheck<object>[];
  return checks.length ? schema.check(...checks) : schema;
}

type Variant = ReturnType<typeof variant>;

function union(kind: Kind, variants: Variant[]) {
  const [first, ...rest] = variants;
  return z.discriminatedUnion("type", [first, ...rest], {
    error: (issue) => (issue.code === "invalid_union" ? unknownTypeMessage(kind, issue.input) : undefined),
  });
}

/**
 * The schemas of tasks, triggers and conditions, built once from the
 * definitions. Tasks nest tasks and conditions nest conditions, hence the
 * lazy references handed to the definitions.
 */
function buildSchemas() {
  // Filled below, read only when a flow is parsed.
  const unions: { task?: z.ZodType; condition?: z.ZodType } = {};
  const refs: Refs = {
    task: z.lazy(() => unions.task as z.ZodType) as unknown as z.ZodType<Task, unknown>,
    condition: z.lazy(() => unions.condition as z.ZodType) as unknown as z.ZodType<Condition, unknown>,
  };
  // Internal tasks are built by their parent task, never parsed from a flow.
  const tasks = taskDefinitions.filter((definition) => !definition.internal).map((definition) => ({
    definition,
    schema: variant(definition, commonTaskShape, refs),
  }));
  const conditions = conditionDefinitions.map((definition) => ({
    definition,
    schema: variant(definition, commonConditionShape, refs),
  }));
  const triggerShape = { ...commonTriggerShape, conditions: z.array(refs.condition).optional() };
  const triggers = triggerDefinitions.map((definition) => ({
    definition,
    schema: variant(definition, triggerShape, refs),
  }));
  unions.task = union("task", tasks.map((t) => t.schema));
  unions.condition = union("condition", conditions.map((c) => c.schema));
  const triggerUnion = union("trigger", triggers.map((t) => t.schema));
  return {
    task: refs.task,
    condition: refs.condition,
    trigger: triggerUnion as unknown as z.ZodType<Trigger, unknown>,
    /** Each definition with its full schema, for the JSON Schema generator. */
    variants: [...tasks, ...triggers, ...conditions],
  };
}

export const pluginSchemas = buildSchemas();
bindTemplatedTaskRegistry({ findTask, taskSchema: pluginSchemas.task });
