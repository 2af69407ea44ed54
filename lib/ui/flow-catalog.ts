import type { z } from "zod";
import { flowJsonSchema } from "@/engine/flow/json-schema";
import { flowSchema } from "@/engine/flow/schema";
import { pluginSchemas } from "@/engine/tasks/registry";
import type { CompletionCatalog, PluginCategory, PropertyInfo } from "./flow-completion";

let cached: CompletionCatalog | undefined;

type Json = { type?: string | string[]; enum?: unknown[]; const?: unknown; default?: unknown; anyOf?: Json[]; oneOf?: Json[]; $ref?: string; properties?: Record<string, Json>; required?: string[] };

const KIND: Record<string, string> = { array: "list", object: "map", number: "number", integer: "integer", boolean: "boolean", string: "string" };

/** A property's JSON schema in a few words for the docs panel: its kind, allowed values, default. */
function describe(schema: Json | undefined): Pick<PropertyInfo, "kind" | "values" | "default"> {
  if (!schema) return {};
  const out: Pick<PropertyInfo, "kind" | "values" | "default"> = {};
  if (schema.default !== undefined) out.default = typeof schema.default === "string" ? schema.default : JSON.stringify(schema.default);
  if (schema.enum) return { ...out, kind: "one of", values: schema.enum.map(String) };
  if (schema.$ref) return { ...out, kind: "object" };
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) {
    // Booleans and numbers also accept their string form ("true", "3"): the first variant says what is meant.
    const first = describe(variants[0]);
    return { ...out, ...first, ...(out.default !== undefined ? { default: out.default } : {}) };
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  return type ? { ...out, kind: KIND[type] ?? type } : out;
}

/** A property is required when the schema neither makes it optional nor gives it a default (the JSON schema's `required`). */
function propertiesOf(schema: z.ZodType, json?: Json): PropertyInfo[] {
  const shape = (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
  return Object.entries(shape).map(([name, field]) => ({
    name,
    required: json?.required ? json.required.includes(name) : (field as unknown as { _zod: { optin?: string } })._zod.optin !== "optional",
    ...describe(json?.properties?.[name]),
  }));
}

/**
 * The editor's completion and docs data, from the same zod schemas that validate flows
 * (and their JSON schema, served to other editors): every task, trigger and condition
 * type with its properties, and the flow's own keys. Built on the server and handed to
 * the editor as plain data, so the browser loads no engine.
 */
export function flowCompletionCatalog(): CompletionCatalog {
  if (cached) return cached;
  const defs = ((flowJsonSchema() as { $defs?: Record<string, Json> }).$defs ?? {}) as Record<string, Json>;
  const catalog: CompletionCatalog = { task: [], trigger: [], condition: [], flow: [] };
  for (const { definition, schema } of pluginSchemas.variants) {
    const category: PluginCategory = definition.kind === "trigger" ? "trigger" : definition.kind === "condition" ? "condition" : "task";
    catalog[category].push({ type: definition.type, ...(definition.title ? { title: definition.title } : {}), properties: propertiesOf(schema as z.ZodType, defs[definition.type]) });
  }
  catalog.flow = propertiesOf(flowSchema, defs.Flow).filter((p) => p.name !== "revision");
  cached = catalog;
  return catalog;
}
