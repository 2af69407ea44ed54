import { describe, expect, it } from "vitest";
import {
  canonicalType,
  conditionDefinitions,
  findCondition,
  findPlugin,
  findTask,
  findTrigger,
  resolveShortType,
  taskDefinitions,
  triggerDefinitions,
} from "./registry";

describe("plugin registry", () => {
  it("registers the core task types the engine needs", () => {
    const names = [
      "log.Log",
      "debug.Return",
      "output.OutputValues",
      "flow.Sequential",
      "flow.Parallel",
      "flow.If",
      "flow.Switch",
      "flow.ForEach",
      "flow.EachSequential",
      "flow.EachParallel",
      "flow.Dag",
      "flow.Subflow",
      "flow.Pause",
      "flow.Sleep",
      "flow.AllowFailure",
      "execution.Fail",
      "execution.Labels",
      "kv.Set",
      "kv.Get",
      "kv.Delete",
      "http.Request",
      "storage.Write",
    ];
    for (const name of names) expect(findTask(`io.kestra.plugin.core.${name}`), name).toBeDefined();
    for (const name of ["Schedule", "Webhook", "Flow"]) {
      expect(findTrigger(`io.kestra.plugin.core.trigger.${name}`), name).toBeDefined();
    }
  });

  it("marks flowable tasks, which list their children", () => {
    const flowable = taskDefinitions.filter((d) => d.kind === "flowable").map((d) => d.type.split(".").pop());
    expect(flowable.sort()).toEqual(
      ["AllowFailure", "Dag", "EachParallel", "EachSequential", "ForEach", "ForEachItem", "ForEachItem$ForEachItemExecutable", "If", "Parallel", "Pause", "Sequential", "Subflow", "Switch", "WaitFor", "WorkingDirectory"].sort(),
    );
    const ifDef = findTask("io.kestra.plugin.core.flow.If");
    if (ifDef?.kind !== "flowable") throw new Error("If is flowable");
    const child = { id: "c", type: "io.kestra.plugin.core.log.Log", disabled: false, allowFailure: false, allowWarning: false, logToFile: false };
    const paths = ifDef.children({ ...child, id: "if", then: [child], else: [child], finally: [child] }).map((c) => c.path);
    expect(paths).toEqual([["then", 0], ["else", 0], ["finally", 0]]);
  });

  it("resolves Kestra's older names to the current ones", () => {
    expect(canonicalType("io.kestra.core.tasks.log.Log")).toBe("io.kestra.plugin.core.log.Log");
    expect(canonicalType("io.kestra.core.tasks.flows.Subflow")).toBe("io.kestra.plugin.core.flow.Subflow");
    expect(canonicalType("io.kestra.plugin.fs.http.Request")).toBe("io.kestra.plugin.core.http.Request");
    expect(canonicalType("io.kestra.core.models.triggers.types.Webhook")).toBe("io.kestra.plugin.core.trigger.Webhook");
    expect(findCondition("io.kestra.core.models.conditions.types.ExecutionStatusCondition")?.type).toBe(
      "io.kestra.plugin.core.condition.ExecutionStatus",
    );
    expect(canonicalType("com.example.Unknown")).toBe("com.example.Unknown");
  });

  it("keeps each kind to its own lookup", () => {
    expect(findTask("io.kestra.plugin.core.trigger.Schedule")).toBeUndefined();
    expect(findTrigger("io.kestra.plugin.core.log.Log")).toBeUndefined();
    expect(findPlugin("io.kestra.plugin.core.trigger.Schedule")?.kind).toBe("trigger");
  });

  it("resolves the short names of the conformance records", () => {
    expect(resolveShortType("Log")).toBe("io.kestra.plugin.core.log.Log");
    expect(resolveShortType("flow.If")).toBe("io.kestra.plugin.core.flow.If");
    expect(resolveShortType("trigger.Flow")).toBe("io.kestra.plugin.core.trigger.Flow");
    expect(resolveShortType("io.kestra.core.tasks.log.Log")).toBe("io.kestra.plugin.core.log.Log");
    expect(resolveShortType("Nope")).toBeUndefined();
  });

  it("has no type or alias twice", () => {
    const names = [...taskDefinitions, ...triggerDefinitions, ...conditionDefinitions].flatMap((d) => [d.type, ...(d.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
  });
});
