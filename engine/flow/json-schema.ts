import { z } from "zod";
import { pluginSchemas } from "@/engine/tasks/registry";
import { flowSchema } from "./schema";

type JsonSchema = z.core.JSONSchema.BaseSchema;

let cached: JsonSchema | undefined;

/**
 * JSON Schema (draft 2020-12) of a flow as written in YAML, for editors: the
 * same zod schemas that validate flows, so the two cannot drift. Each plugin
 * is a `$defs` entry named by its full type, referenced from the task, trigger
 * and condition `oneOf` lists. Served at /api/v1/{tenant}/plugins/schemas/flow.
 */
export function flowJsonSchema(): JsonSchema {
  if (cached) return cached;
  // A private registry, so that naming the $defs leaves zod's global one alone.
  const metadata = z.registry<{ id: string; title?: string }>();
  for (const { definition, schema } of pluginSchemas.variants) {
    metadata.add(schema, { id: definition.type, title: definition.title });
  }
  metadata.add(flowSchema, { id: "Flow", title: "Kestra flow" });
  metadata.add(pluginSchemas.task, { id: "Task", title: "Any task" });
  metadata.add(pluginSchemas.trigger, { id: "Trigger", title: "Any trigger" });
  metadata.add(pluginSchemas.condition, { id: "Condition", title: "Any condition" });
  cached = z.toJSONSchema(flowSchema, {
    io: "input",
    metadata,
    // Refinements and transforms have no JSON form; their input shape is what editors need.
    unrepresentable: "any",
    cycles: "ref",
    reused: "inline",
  });
  return cached;
}
