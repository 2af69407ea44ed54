import { describe, expect, it } from "vitest";
import { flowJsonSchema } from "@/engine/flow/json-schema";
import { findCondition, findTask, findTrigger } from "./registry";

/**
 * Every runnable type of Kestra's core (kestra-io/kestra core/src/main/java/io/kestra/plugin/core,
 * tasks, triggers and conditions, with the older names Kestra still accepts), checked against
 * the registry. A type Switchyard does not know fails here, unless it is listed below as
 * known to be missing, with the reason; a listed type that the registry now knows fails too,
 * so the list only shrinks.
 */
const P = "io.kestra.plugin.core.";

const TASKS = [
  "debug.Echo", "debug.Return",
  "execution.Count", "execution.Fail", "execution.Labels", "execution.PurgeExecutions", "execution.Resume",
  "flow.AllowFailure", "flow.Dag", "flow.EachParallel", "flow.EachSequential", "flow.ForEach", "flow.ForEachItem", "flow.If",
  "flow.Parallel", "flow.Pause", "flow.Sequential", "flow.Sleep", "flow.Subflow", "flow.Switch", "flow.WaitFor", "flow.WorkingDirectory",
  "http.Download", "http.Request",
  "kv.Delete", "kv.Get", "kv.GetKeys", "kv.Set",
  "log.Fetch", "log.Log", "log.PurgeLogs",
  "namespace.DeleteFiles", "namespace.DownloadFiles", "namespace.UploadFiles",
  "output.OutputValues",
  "state.Delete", "state.Get", "state.Set",
  "storage.Concat", "storage.DeduplicateItems", "storage.Delete", "storage.FilterItems", "storage.LocalFiles",
  "storage.PurgeCurrentExecutionFiles", "storage.Reverse", "storage.Size", "storage.Split", "storage.Write",
  "templating.TemplatedTask", "trigger.Toggle",
].map((t) => P + t);

const TRIGGERS = ["trigger.Flow", "trigger.Schedule", "trigger.ScheduleOnDates", "trigger.Webhook", "http.Trigger"].map((t) => P + t);

const CONDITIONS = [
  "DateTimeBetween", "DayWeek", "DayWeekInMonth", "ExecutionFlow", "ExecutionLabels", "ExecutionNamespace", "ExecutionOutputs",
  "ExecutionStatus", "Expression", "FlowCondition", "FlowNamespaceCondition", "HasRetryAttempt", "MultipleCondition", "Not", "Or",
  "PublicHoliday", "TimeBetween", "Weekend",
].map((c) => `${P}condition.${c}`);

/** Older names Kestra still accepts (its @Plugin aliases), with the kind they name. */
const ALIASES: [string, "task" | "trigger" | "condition"][] = [
  ["io.kestra.core.tasks.debugs.Return", "task"],
  ["io.kestra.core.tasks.debugs.Echo", "task"],
  ["io.kestra.core.tasks.log.Log", "task"],
  ["io.kestra.core.tasks.flows.Subflow", "task"],
  ["io.kestra.core.tasks.flows.Flow", "task"],
  ["io.kestra.core.tasks.flows.Switch", "task"],
  ["io.kestra.core.tasks.flows.Pause", "task"],
  ["io.kestra.core.tasks.states.Get", "task"],
  ["io.kestra.core.tasks.states.Set", "task"],
  ["io.kestra.core.tasks.states.Delete", "task"],
  ["io.kestra.core.tasks.storages.PurgeExecution", "task"],
  ["io.kestra.plugin.core.storage.PurgeExecution", "task"],
  ["io.kestra.core.tasks.executions.Counts", "task"],
  ["io.kestra.core.tasks.flows.WorkingDirectory", "task"],
  ["io.kestra.core.tasks.flows.Worker", "task"],
  ["io.kestra.core.tasks.log.Fetch", "task"],
  ["io.kestra.core.tasks.storages.LocalFiles", "task"],
  ["io.kestra.core.tasks.templating.TemplatedTask", "task"],
  ["io.kestra.core.tasks.storages.Purge", "task"],
  ["io.kestra.core.tasks.trigger.Toggle", "task"],
  ["io.kestra.plugin.fs.http.Download", "task"],
  ["io.kestra.plugin.fs.http.Trigger", "trigger"],
  ["io.kestra.core.models.conditions.types.FlowCondition", "condition"],
  ["io.kestra.core.models.conditions.types.FlowNamespaceCondition", "condition"],
];

/** Known to be missing, and why. Remove an entry when its type lands. */
const KNOWN_MISSING: Record<string, string> = {
};

function known(type: string, kind: "task" | "trigger" | "condition"): boolean {
  if (kind === "task") return findTask(type) !== undefined;
  if (kind === "trigger") return findTrigger(type) !== undefined;
  return findCondition(type) !== undefined;
}

const all: [string, "task" | "trigger" | "condition"][] = [
  ...TASKS.map((t) => [t, "task"] as [string, "task"]),
  ...TRIGGERS.map((t) => [t, "trigger"] as [string, "trigger"]),
  ...CONDITIONS.map((t) => [t, "condition"] as [string, "condition"]),
  ...ALIASES,
];

describe("Kestra's core types", () => {
  it("the registry knows every one, but those listed as missing with a reason", () => {
    const unknown = all.filter(([type, kind]) => !known(type, kind) && !KNOWN_MISSING[type]).map(([type]) => type);
    expect(unknown).toEqual([]);
  });

  it("every type listed as missing is still missing (remove it from the list once it lands)", () => {
    const landed = all.filter(([type, kind]) => KNOWN_MISSING[type] && known(type, kind)).map(([type]) => type);
    expect(landed).toEqual([]);
    expect(Object.keys(KNOWN_MISSING).filter((type) => !all.some(([t]) => t === type))).toEqual([]);
  });
});

describe("the flow editor's JSON schema (completion, docs) covers the registry's types", () => {
  it("lists every known core type and alias, new ones included", () => {
    const schema = JSON.stringify(flowJsonSchema());
    for (const [type, kind] of all) if (known(type, kind)) expect.soft(schema, type).toContain(`"${type}"`);
  });
});
