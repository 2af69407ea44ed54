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
      if (input.required) errors.push({ input: input.id, message: invalidInput(input.id, "missing required input", null) });
      else setPath(inputs, input.id, null);
      continue;
    }
    try {
      const typed = coerce(input.type, value, input);
      validateInput(input, typed);
      setPath(inputs, input.id, typed);
    } catch (error) {
      errors.push({ input: input.id, message: invalidInput(input.id, (error as Error).message, value) });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, inputs };
}

/** Kestra's wording: "Invalid input for `int`, it must be more than `10`, but received `9`". */
function invalidInput(id: string, reason: string, value: unknown): string {
  return `Invalid input for \`${id}\`, ${reason}, but received \`${received(value)}\``;
}

function received(value: unknown): string {
  if (value === null || value === undefined) return "null";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Kestra's URI inputs: an absolute URL with a scheme and a dotted host (FlowInputOutput.URI_PATTERN). */
const URI_RE = /^[a-z]+:\/\/(?:www\.)?[-a-zA-Z0-9@:%._+~#=]{1,256}\.[a-zA-Z0-9()]{1,6}\b(?:[-a-zA-Z0-9()@:%_+.~#?&/=]*)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?$/;

/** A LocalDate, checked as Java's LocalDate.parse does (2023-02-30 is refused). */
function parseDate(text: string): string {
  const m = DATE_RE.exec(text.trim());
  const date = m ? new Date(`${m[0]}T00:00:00Z`) : undefined;
  if (!m || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== m[0]) throw new Error(`Text '${text}' could not be parsed as a date`);
  return m[0];
}

/** A LocalTime as nanoseconds of the day. */
function timeNanos(text: string): number {
  const m = TIME_RE.exec(text.trim());
  if (!m) throw new Error(`Text '${text}' could not be parsed as a time`);
  const fraction = (m[4] ?? "").padEnd(9, "0");
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1e9 + Number(fraction);
}

/** A time as Java's LocalTime.toString writes it: `01:00`, `11:59:59`, `10:00:00.500`. */
function javaTime(text: string): string {
  const m = TIME_RE.exec(text.trim());
  if (!m) return text;
  const seconds = m[3] ?? "00";
  const fraction = (m[4] ?? "").replace(/0+$/, "");
  if (seconds === "00" && !fraction) return `${m[1]}:${m[2]}`;
  return fraction ? `${m[1]}:${m[2]}:${seconds}.${fraction.padEnd(fraction.length <= 3 ? 3 : fraction.length <= 6 ? 6 : 9, "0")}` : `${m[1]}:${m[2]}:${seconds}`;
}

/**
 * The declared constraints Kestra checks before creating an execution (Input.validate):
 * `validator` (a full-match regex) of STRING and SECRET, `min`/`max` of INT, FLOAT and
 * DURATION, `after`/`before` of DATE, DATETIME and TIME. Throws with Kestra's reason.
 */
export function validateInput(input: FlowInput, value: unknown): void {
  const spec = input as Record<string, unknown>;
  switch (input.type) {
    case "STRING":
    case "SECRET": {
      const validator = spec.validator;
      if (typeof validator === "string" && !new RegExp(`^(?:${validator})$`, "s").test(String(value))) {
        throw new Error(`it must match the pattern \`${validator}\``);
      }
      return;
    }
    case "INT":
    case "FLOAT": {
      const n = value as number;
      if (typeof spec.min === "number" && n < spec.min) throw new Error(`it must be more than \`${spec.min}\``);
      if (typeof spec.max === "number" && n > spec.max) throw new Error(`it must be less than \`${spec.max}\``);
      return;
    }
    case "DURATION": {
      const ms = parseDuration(String(value));
      if (typeof spec.min === "string" && ms < parseDuration(spec.min)) throw new Error(`It must be more than \`${spec.min}\``);
      if (typeof spec.max === "string" && ms > parseDuration(spec.max)) throw new Error(`It must be less than \`${spec.max}\``);
      return;
    }
    case "DATE": {
      const date = String(value);
      if (typeof spec.after === "string" && date < parseDate(spec.after)) throw new Error(`it must be after \`${spec.after}\``);
      if (typeof spec.before === "string" && date > parseDate(spec.before)) throw new Error(`it must be before \`${spec.before}\``);
      return;
    }
    case "DATETIME": {
      const at = Date.parse(String(value));
      if (typeof spec.after === "string" && at < Date.parse(spec.after)) throw new Error(`it must be after \`${javaInstant(spec.after)}\``);
      if (typeof spec.before === "string" && at > Date.parse(spec.before)) throw new Error(`it must be before \`${javaInstant(spec.before)}\``);
      return;
    }
    case "TIME": {
      const t = timeNanos(String(value));
      if (typeof spec.after === "string" && t < timeNanos(spec.after)) throw new Error(`it must be after \`${javaTime(spec.after)}\``);
      if (typeof spec.before === "string" && t > timeNanos(spec.before)) throw new Error(`it must be before \`${javaTime(spec.before)}\``);
      return;
    }
    default:
      return;
  }
}

/** An instant as Java's Instant.toString writes it (no `.000` for whole seconds). */
function javaInstant(text: string): string {
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? text : at.toISOString().replace(".000Z", "Z");
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
    case "URI": {
      const text = typeof value === "string" ? value : String(value);
      if (!URI_RE.test(text)) throw new Error(`Expected \`URI\` but received \`${text}\``);
      return text;
    }
    case "STRING":
    case "SECRET":
    case "EMAIL":
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
      const itemType = (input as { itemType?: InputType } | undefined)?.itemType;
      if (!itemType) return list;
      return list.map((item) => {
        try {
          return coerce(itemType, item);
        } catch {
          throw new Error(`Unable to parse array element as \`${itemType}\` on \`${received(item)}\``);
        }
      });
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
      if (values && !custom && !values.includes(text)) throw new Error(`it must match the values \`[${values.join(", ")}]\``);
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
      return parseDate(String(value));
    case "TIME":
      timeNanos(String(value));
      return String(value);
  }
}
