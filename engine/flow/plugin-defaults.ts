import { z } from "zod";
import { canonicalType } from "@/engine/tasks/registry";
import { bool, stringMap } from "./values";

export const pluginDefault = () =>
  z.strictObject({
    /** A full type, an alias, or a package prefix (`io.kestra.plugin.core.log`). */
    type: z.string().min(1),
    /** Forced defaults win over the task's own values. */
    forced: bool().default(false),
    values: stringMap().default({}),
  });

export type PluginDefault = z.output<ReturnType<typeof pluginDefault>>;

type Json = Record<string, unknown>;

function isMap(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge where `top` wins; lists are replaced, not concatenated (as Kestra). */
function merge(base: Json, top: Json): Json {
  const out: Json = {};
  for (const source of [base, top]) {
    for (const [key, value] of Object.entries(source)) {
      const prev = out[key];
      const next = isMap(prev) && isMap(value) ? merge(prev, value) : value;
      // Plain assignment of "__proto__" would replace the prototype.
      Object.defineProperty(out, key, { value: next, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function applies(defaultType: string, type: string): boolean {
  if (type === defaultType) return true;
  const canonical = canonicalType(type);
  if (canonical === canonicalType(defaultType)) return true;
  return canonical.startsWith(`${defaultType}.`) || type.startsWith(`${defaultType}.`);
}

function withDefaults(node: Json, defaults: readonly PluginDefault[]): Json {
  let out = node;
  for (const d of defaults) {
    if (typeof node.type !== "string" || !applies(d.type, node.type)) continue;
    out = d.forced ? merge(out, d.values) : merge(d.values, out);
  }
  return out;
}

function walk(value: unknown, defaults: readonly PluginDefault[]): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, defaults));
  if (!isMap(value)) return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    Object.defineProperty(out, key, { value: walk(v, defaults), enumerable: true, writable: true, configurable: true });
  }
  return withDefaults(out, defaults);
}

const PLUGIN_KEYS = ["tasks", "errors", "finally", "afterExecution", "triggers"] as const;

/**
 * Applies plugin defaults to every task, trigger and condition of a raw flow
 * (before validation, so a default can supply a required property, as in
 * Kestra). Any object with a matching `type` under the plugin lists gets
 * them. Returns a new object; the input is not changed.
 */
export function applyPluginDefaults(flow: Json, defaults: readonly PluginDefault[]): Json {
  if (defaults.length === 0) return flow;
  const out: Json = { ...flow };
  for (const key of PLUGIN_KEYS) {
    if (key in flow) out[key] = walk(flow[key], defaults);
  }
  return out;
}
