/**
 * The value model of templates and the only code that reads context data.
 *
 * Templates see plain data: null, strings, numbers, booleans, dates, arrays and plain objects.
 * Reading goes through `readAttribute`, which looks at own, enumerable *data* properties only
 * (never getters, never the prototype chain, never functions), so no template can reach
 * `constructor`, `__proto__`, a method, or anything outside the data it was given.
 */
import { parseJsonText } from "./json";
import { isDoubleAt } from "./doubles";
import { types } from "node:util";
import { chargeChars, chargeItems } from "./budget";
import { EvalError } from "./errors";

export type TemplateMap = { [key: string]: TemplateValue };
export type TemplateValue =
  | null
  | string
  | number
  | boolean
  | Date
  | TemplateValue[]
  | TemplateMap;

export type ValueKind = "null" | "string" | "number" | "boolean" | "date" | "list" | "map";

/** Names no template may read, even when a map owns them: defence in depth against prototype walks. */
const FORBIDDEN_ATTRIBUTES = new Set(["__proto__", "constructor", "prototype"]);

export function isForbiddenAttribute(name: string): boolean {
  return FORBIDDEN_ATTRIBUTES.has(name);
}

export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Classify an unknown value coming from the context, an injected function or a parser.
 * Anything that is not plain data (a function, a class instance, a proxy, a symbol) is refused.
 */
function kindOf(value: unknown): ValueKind {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "object": {
      if (types.isProxy(value)) break;
      if (Array.isArray(value)) return "list";
      // Exactly a Date: a subclass or a Date-like object could bring its own methods.
      if (value instanceof Date && Object.getPrototypeOf(value) === Date.prototype) return "date";
      if (isPlainObject(value)) return "map";
      break;
    }
    default:
      break;
  }
  throw new EvalError("FORBIDDEN", `Value of type ${describeForeign(value)} is not template data`);
}

function describeForeign(value: unknown): string {
  if (typeof value === "function") return "function";
  if (typeof value === "object" && value !== null) return "object";
  return typeof value;
}

/** Accept a value as template data (shallowly: nested values are checked when read). */
export function asValue(value: unknown): TemplateValue {
  if (typeof value === "bigint") {
    // Database drivers hand out bigints for int8; a template only needs the number.
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  const kind = kindOf(value);
  return kind === "null" ? null : (value as TemplateValue);
}

export function isList(value: TemplateValue): value is TemplateValue[] {
  return Array.isArray(value);
}

export function isMap(value: TemplateValue): value is TemplateMap {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

type Lookup = { found: true; value: TemplateValue } | { found: false };

/** Own, enumerable data property of a plain container; getters and inherited names do not exist. */
export function readOwn(container: object, key: string): Lookup {
  const descriptor = Object.getOwnPropertyDescriptor(container, key);
  if (descriptor === undefined || !descriptor.enumerable || !("value" in descriptor)) {
    return { found: false };
  }
  if (descriptor.value === undefined) return { found: false };
  return { found: true, value: asValue(descriptor.value) };
}

/** Own enumerable string keys whose values are data (getters are skipped, not invoked). */
export function ownKeys(map: TemplateMap): string[] {
  const keys = Object.keys(map);
  chargeItems(keys.length);
  return keys.filter((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(map, key);
    return descriptor !== undefined && "value" in descriptor && descriptor.value !== undefined;
  });
}

export function mapEntries(map: TemplateMap): [string, TemplateValue][] {
  return ownKeys(map).map((key) => [key, asValue(Object.getOwnPropertyDescriptor(map, key)?.value)]);
}

/** A list's items, each checked to be data. */
export function listItems(list: TemplateValue[]): TemplateValue[] {
  chargeItems(list.length);
  const items: TemplateValue[] = [];
  for (let i = 0; i < list.length; i++) {
    const lookup = readOwn(list, String(i));
    items.push(lookup.found ? lookup.value : null);
  }
  return items;
}

/** Build a map without ever invoking the `__proto__` setter, whatever the keys are. */
export function newMap(entries: Iterable<[string, TemplateValue]> = []): TemplateMap {
  const map: TemplateMap = {};
  for (const [key, value] of entries) setOwn(map, key, value);
  return map;
}

function setOwn(map: TemplateMap, key: string, value: TemplateValue): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

export function typeName(value: TemplateValue): string {
  return kindOf(value);
}

/**
 * `object.attribute` / `object[attribute]`, Pebble's attribute resolution limited to data:
 * map entries and list items. Missing → `UNDEFINED` (Kestra runs Pebble with strict variables).
 */
export function readAttribute(object: TemplateValue, attribute: TemplateValue): TemplateValue {
  const name = attributeName(attribute);
  if (isForbiddenAttribute(name)) {
    throw new EvalError("FORBIDDEN", `Access to attribute '${name}' is not allowed`);
  }
  if (object === null) {
    throw new EvalError(
      "UNDEFINED",
      "Attempt to get attribute of null object and strict variables is set to true.",
      name,
    );
  }
  if (isList(object)) {
    const index = listIndex(attribute);
    if (index !== null && index < object.length) {
      const lookup = readOwn(object, String(index));
      if (lookup.found) return lookup.value;
    }
  } else if (isMap(object)) {
    const lookup = readOwn(object, name);
    if (lookup.found) return lookup.value;
  }
  throw new EvalError(
    "UNDEFINED",
    `Attribute [${name}] of [${typeName(object)}] does not exist or can not be accessed and strict variables is set to true.`,
    name,
  );
}

function attributeName(attribute: TemplateValue): string {
  if (typeof attribute === "string") return attribute;
  if (typeof attribute === "number") return formatNumber(attribute);
  if (typeof attribute === "boolean") return String(attribute);
  if (attribute === null) return "null";
  throw new EvalError("TYPE", `An attribute name must be a string or a number, not a ${typeName(attribute)}`);
}

function listIndex(attribute: TemplateValue): number | null {
  if (typeof attribute === "number") return Number.isInteger(attribute) && attribute >= 0 ? attribute : null;
  if (typeof attribute === "string" && /^\d{1,9}$/.test(attribute)) return Number(attribute);
  return null;
}

/**
 * A number the way Java prints it: integers without a fraction, doubles with `Double.toString`
 * rules (scientific notation below 1e-3 and from 1e7).
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (Number.isInteger(value) && Math.abs(value) < 2 ** 63) {
    return Object.is(value, -0) ? "0" : BigInt(value).toString();
  }
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  const [mantissa = "0", exponent = "0"] = value.toExponential().split("e");
  const withFraction = mantissa.includes(".") ? mantissa : `${mantissa}.0`;
  return `${withFraction}E${exponent.replace("+", "")}`;
}

/**
 * A Java double the way Double.toString prints it: always with a fraction (`2.0`), and in
 * scientific notation below 1e-3 and from 1e7 (`2.0E7`).
 */
export function formatDouble(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return Number.isInteger(value) ? `${value}.0` : String(value);
  const [mantissa = "0", exponent = "0"] = value.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${exponent.replace("+", "")}`;
}

/** How `{{ value }}` prints: null prints nothing, collections print as JSON (Kestra's JsonWriter). */
export function printValue(value: TemplateValue, maxLength: number): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return formatDate(value);
  return toJson(value, { maxLength });
}

/** Epoch milliseconds through Date.prototype, so a date's own properties are never called. */
export function dateTime(date: Date): number {
  return Date.prototype.getTime.call(date);
}

function formatDate(date: Date): string {
  if (Number.isNaN(dateTime(date))) throw new EvalError("TYPE", "Invalid date");
  return Date.prototype.toISOString.call(date);
}

/**
 * Java's `String.valueOf`, used by `~`, `+` on strings and `join`: lists print as `[a, b]` and
 * maps as `{k=v}`, exactly like the Java collections Kestra concatenates.
 */
export function javaString(value: TemplateValue, depth = 0): string {
  if (depth > 64) throw new EvalError("LIMIT", "Value nested too deeply");
  if (value === null) return "null";
  if (isList(value)) return `[${listItems(value).map((item) => javaString(item, depth + 1)).join(", ")}]`;
  if (isMap(value)) {
    return `{${mapEntries(value)
      .map(([key, item]) => `${key}=${javaString(item, depth + 1)}`)
      .join(", ")}}`;
  }
  return printValue(value, Number.MAX_SAFE_INTEGER);
}

/** `~` and string concatenation: null is the empty string there, as in Pebble. */
export function concatString(value: TemplateValue): string {
  return value === null ? "" : javaString(value);
}

export type JsonOptions = { maxLength: number; indent?: number; maxDepth?: number };

/**
 * JSON of template data, written by hand rather than `JSON.stringify` so that no `toJSON`
 * method or getter from the data ever runs, cycles are refused, and the size limit holds
 * while the string is being built rather than after.
 */
export function toJson(value: TemplateValue, options: JsonOptions): string {
  const parts: string[] = [];
  let length = 0;
  const maxDepth = options.maxDepth ?? 512;
  const ancestors = new Set<object>();
  const push = (part: string): void => {
    length += part.length;
    if (length > options.maxLength) {
      throw new EvalError("LIMIT", `JSON output exceeds the limit of ${options.maxLength} characters`);
    }
    parts.push(part);
  };
  const newline = (depth: number): string =>
    options.indent ? `\n${" ".repeat(options.indent * depth)}` : "";

  const write = (current: TemplateValue, depth: number, double = false): void => {
    if (depth > maxDepth) throw new EvalError("LIMIT", `Value nested deeper than ${maxDepth} levels`);
    if (current === null) return push("null");
    if (typeof current === "string") return push(JSON.stringify(current));
    if (typeof current === "number") {
      return push(Number.isFinite(current) ? (double ? formatDouble(current) : formatNumber(current)) : JSON.stringify(formatNumber(current)));
    }
    if (typeof current === "boolean") return push(current ? "true" : "false");
    if (current instanceof Date) return push(JSON.stringify(formatDate(current)));
    if (ancestors.has(current)) throw new EvalError("TYPE", "Cannot serialise a cyclic value");
    ancestors.add(current);
    if (isList(current)) {
      const items = listItems(current);
      push("[");
      items.forEach((item, index) => {
        if (index > 0) push(",");
        push(newline(depth + 1));
        write(item, depth + 1, isDoubleAt(current, index));
      });
      if (items.length > 0) push(newline(depth));
      push("]");
    } else {
      const entries = mapEntries(current);
      push("{");
      entries.forEach(([key, item], index) => {
        if (index > 0) push(",");
        push(newline(depth + 1));
        push(JSON.stringify(key));
        push(options.indent ? ": " : ":");
        write(item, depth + 1, isDoubleAt(current, key));
      });
      if (entries.length > 0) push(newline(depth));
      push("}");
    }
    ancestors.delete(current);
  };

  write(value, 0);
  chargeChars(length);
  return parts.join("");
}

/** A deep copy into fresh plain objects, for handing data to libraries (YAML) or back to callers. */
export function toPlainData(value: TemplateValue, depth = 0, ancestors = new Set<object>()): unknown {
  if (depth > 512) throw new EvalError("LIMIT", "Value nested deeper than 512 levels");
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return formatDate(value);
  if (ancestors.has(value)) throw new EvalError("TYPE", "Cannot copy a cyclic value");
  ancestors.add(value);
  const copy = isList(value)
    ? listItems(value).map((item) => toPlainData(item, depth + 1, ancestors))
    : Object.fromEntries(mapEntries(value).map(([key, item]) => [key, toPlainData(item, depth + 1, ancestors)]));
  ancestors.delete(value);
  return copy;
}

/**
 * Parse JSON into template data. `JSON.parse` defines `__proto__` as an own data property
 * (it never calls the setter), and so does parseJsonText, so parsed data cannot pollute
 * prototypes. A number written as a double (`2.0`) stays one (json.ts).
 */
export function parseJson(text: string): TemplateValue {
  try {
    return asValue(parseJsonText(text));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EvalError("EVALUATION", `Invalid JSON: ${reason}`);
  }
}

/**
 * Pebble's `==`: numbers compare by value, everything else with Java's `equals`
 * (strings by content, lists and maps element by element).
 */
export function valuesEqual(left: TemplateValue, right: TemplateValue, depth = 0): boolean {
  if (depth > 256) throw new EvalError("LIMIT", "Values nested too deeply to compare");
  if (left === null || right === null) return left === right;
  if (typeof left === "number" && typeof right === "number") return left === right;
  if (left instanceof Date && right instanceof Date) return dateTime(left) === dateTime(right);
  if (isList(left) && isList(right)) {
    if (left.length !== right.length) return false;
    const a = listItems(left);
    const b = listItems(right);
    return a.every((item, index) => valuesEqual(item, b[index] ?? null, depth + 1));
  }
  if (isMap(left) && isMap(right)) {
    const a = mapEntries(left);
    const bKeys = ownKeys(right);
    if (a.length !== bKeys.length) return false;
    return a.every(([key, item]) => {
      const other = readOwn(right, key);
      return other.found && valuesEqual(item, other.value, depth + 1);
    });
  }
  return left === right;
}

/**
 * Truthiness inside templates (`if`, `and`, `or`, `not`, ternary). Pebble wants booleans; we
 * accept other values the way Kestra's If task reads a rendered condition: null, false, 0,
 * "", "false", "0" and empty collections are false.
 */
export function toBoolean(value: TemplateValue): boolean {
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && !Number.isNaN(value);
  if (typeof value === "string") return !FALSE_STRINGS.has(value);
  if (isList(value)) return value.length > 0;
  if (isMap(value)) return ownKeys(value).length > 0;
  return true;
}

const FALSE_STRINGS = new Set(["", "false", "0", "-0"]);

/**
 * Kestra's `TruthUtils.isTruthy` for a rendered condition (If `condition`, `runIf`): the
 * rendered string is false when it is exactly "false", "0", "-0" or "", true otherwise.
 * No trimming and no case folding, as in Kestra: " false" and "FALSE" are true.
 */
export function isTruthyString(rendered: string | null): boolean {
  return rendered !== null && !FALSE_STRINGS.has(rendered);
}
