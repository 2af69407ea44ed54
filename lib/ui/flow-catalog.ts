import type { z } from "zod";
import { flowSchema } from "@/engine/flow/schema";
import { pluginSchemas } from "@/engine/tasks/registry";
import type { CompletionCatalog, PluginCategory, PropertyInfo } from "./flow-completion";

let cached: CompletionCatalog | undefined;

/** A property is required when the schema neither makes it optional nor gives it a default. */
function propertiesOf(schema: z.ZodType): PropertyInfo[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, field]) => ({ name, required: (field as unknown as { _zod: { optin?: string } })._zod.optin !== "optional" }));
}

/**
 * The editor's completion data, from the same zod schemas that validate flows: every
 * task, trigger and condition type with its properties, and the flow's own keys. Built
 * on the server and handed to the editor as plain data, so the browser loads no engine.
 */
export function flowCompletionCatalog(): CompletionCatalog {
  if (cached) return cached;
  const catalog: CompletionCatalog = { task: [], trigger: [], condition: [], flow: [] };
  for (const { definition, schema } of pluginSchemas.variants) {
    const category: PluginCategory = definition.kind === "trigger" ? "trigger" : definition.kind === "condition" ? "condition" : "task";
    catalog[category].push({ type: definition.type, ...(definition.title ? { title: definition.title } : {}), properties: propertiesOf(schema as z.ZodType) });
  }
  catalog.flow = propertiesOf(flowSchema).filter((p) => p.name !== "revision");
  cached = catalog;
  return catalog;
}
