import type { FlowInput, InputType } from "@/engine/flow/inputs";
import { parseDuration } from "./duration";

/**
 * Flow inputs as an execution receives them. `typed`: declared inputs only, each validated
 * and converted to its type (a JSON input given as text becomes data), defaults filled in,
 * required ones enforced. `raw`: the given map as is, plus the declared defaults.
 */
export type InputsMode = "typed" | "raw";

export type InputsResult =
  | { ok: true; inputs: Record<string, unknown> }
  | { ok: false; errors: { input: string; message: string }[] };

function setPath(target: Record<string, unknown>, id: string, value: unknown): void {
  const parts = id.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    const child = next && typeof next === "object" && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    Object.defineProperty(node, part, { value: child, enumerable: true, writable: true, configurable: true });
    node = child;
  }
  Object.defineProperty(node, parts[parts.length - 1], { value, enumerable: true, writable: true, configurable: true });
}

export function resolveInputs(
  declared: readonly FlowInput[] | undefined,
  given: Record<string, unknown>,
  mode: InputsMode,
): InputsResult {
  if (mode === "raw") {
    const inputs: Record<string, unknown> = { ...given };
    for (const input of declared ?? []) {
      const defaults = (input as { defaults?: unknown }).defaults;
      if (!(input.id in inputs) && defaults !== undefined) inputs[input.id] = defaults;
    }
    return { ok: true, inputs };
  }
  const inputs: Record<string, unknown> = {};
  const errors: { input: string; message: string }[] = [];
  for (const input of declared ?? []) {
    const defaults = (input as { defaults?: unknown }).defaults;
    const value = given[input.id] !== undefined && given[input.id] !== "" ? given[input.id] : defaults;
    if (value === undefined || value === null) {
      if (input.required) errors.push({ input: input.id, message: `Missing required input '${input.id}'` });
      else setPath(inputs, input.id, null);
      continue;
    }
    try {
      setPath(inputs, input.id, coerce(input.type, value, input));
    } catch (error) {
      errors.push({ input: input.id, message: `Invalid input '${input.id}': ${(error as Error).message}` });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, inputs };
}

function parseJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new Error("not valid JSON");
  }
}

/** A value converted to an input or output type; throws with a short reason. */
export function coerce(type: InputType, value: unknown, input?: Partial<FlowInput>): unknown {
  switch (type) {
    case "STRING":
    case "SECRET":
    case "EMAIL":
    case "URI":
    case "FILE":
      return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
    case "INT": {
      const n = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isInteger(n)) throw new Error(`'${String(value)}' is not an integer`);
      return n;
    }
    case "FLOAT": {
      const n = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isFinite(n)) throw new Error(`'${String(value)}' is not a number`);
      return n;
    }
    case "BOOLEAN":
    case "BOOL": {
      if (typeof value === "boolean") return value;
      const text = String(value).trim().toLowerCase();
      if (text === "true" || text === "false") return text === "true";
      throw new Error(`'${String(value)}' is not a boolean`);
    }
    case "JSON":
      return parseJson(value);
    case "YAML":
      return value;
    case "ARRAY": {
      const list = parseJson(value);
      if (!Array.isArray(list)) throw new Error("not a list");
      return list;
    }
    case "MULTISELECT": {
      const list = parseJson(value);
      if (!Array.isArray(list)) throw new Error("not a list");
      return list;
    }
    case "ENUM":
    case "SELECT": {
      const text = String(value);
      const values = (input as { values?: string[] } | undefined)?.values;
      const custom = (input as { allowCustomValue?: boolean } | undefined)?.allowCustomValue;
      if (values && !custom && !values.includes(text)) throw new Error(`'${text}' is not one of ${values.join(", ")}`);
      return text;
    }
    case "DURATION":
      parseDuration(String(value));
      return String(value);
    case "DATETIME": {
      const date = new Date(String(value));
      if (Number.isNaN(date.getTime())) throw new Error(`'${String(value)}' is not a date-time`);
      return date.toISOString();
    }
    case "DATE":
    case "TIME":
      return String(value);
  }
}
