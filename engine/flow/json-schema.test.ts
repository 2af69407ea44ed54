import { describe, expect, it } from "vitest";
import { taskDefinitions, triggerDefinitions } from "@/engine/tasks/registry";
import { flowJsonSchema } from "./json-schema";

type Schema = Record<string, unknown> & {
  $defs?: Record<string, Schema>;
  properties?: Record<string, Schema>;
  items?: Schema;
  oneOf?: Schema[];
  required?: string[];
  $ref?: string;
};

describe("flowJsonSchema", () => {
  const schema = flowJsonSchema() as Schema;
  const defs = schema.$defs ?? {};
  const flow = defs.Flow;

  it("describes the flow with its required keys and no extra ones", () => {
    expect(schema.$ref).toBe("#/$defs/Flow");
    expect(flow.required).toEqual(expect.arrayContaining(["id", "namespace", "tasks"]));
    expect(flow.additionalProperties).toBe(false);
    expect(flow.properties?.id).toMatchObject({ type: "string", maxLength: 100, pattern: "^[a-zA-Z0-9][a-zA-Z0-9._-]*$" });
  });

  it("has one definition per task and trigger type, with its aliases (internal tasks aside: no flow names them)", () => {
    for (const def of [...taskDefinitions, ...triggerDefinitions].filter((d) => !d.internal)) {
      const entry = defs[def.type];
      expect(entry, def.type).toBeDefined();
      const type = entry.properties?.type as { enum?: string[]; const?: string };
      expect(type.enum ?? [type.const]).toEqual([def.type, ...(def.aliases ?? [])]);
      expect(entry.required).toEqual(expect.arrayContaining(["id", "type"]));
    }
  });

  it("lists tasks as a oneOf of those definitions, recursively", () => {
    expect(flow.properties?.tasks?.items?.$ref).toBe("#/$defs/Task");
    expect(JSON.stringify(defs.Task)).toContain('"$ref":"#/$defs/io.kestra.plugin.core.log.Log"');
    const sequential = defs["io.kestra.plugin.core.flow.Sequential"];
    expect(sequential.properties?.tasks?.items?.$ref).toBe("#/$defs/Task");
    expect(JSON.stringify(defs.Trigger)).toContain("#/$defs/io.kestra.plugin.core.trigger.Schedule");
  });

  it("is plain JSON and cached", () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    expect(flowJsonSchema()).toBe(schema);
  });
});
