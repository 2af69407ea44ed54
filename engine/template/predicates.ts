/** Tests for `x is <test>` / `x is not <test>`: Pebble's core tests plus Kestra's `json`. */
import { EvalError } from "./errors";
import { isEmptyValue } from "./filters";
import type { TestSpec } from "./runtime";
import { isList, isMap, typeName, type TemplateValue } from "./values";

function integerOf(value: TemplateValue, test: string): number {
  if (value === null) throw new EvalError("EVALUATION", `Can not pass null value to "${test}" test.`);
  if (typeof value !== "number") throw new EvalError("TYPE", `The "${test}" test expects a number, not a ${typeName(value)}`);
  return Math.trunc(value);
}

function isJson(value: TemplateValue): boolean {
  if (value === null) return false;
  if (isList(value) || isMap(value)) return true;
  if (typeof value !== "string") return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/** `defined` is special-cased by the interpreter: a missing variable is "not defined", not an error. */
export const TESTS: ReadonlyMap<string, TestSpec> = new Map<string, TestSpec>([
  ["defined", { argNames: [], apply: (input) => input !== null }],
  ["null", { argNames: [], apply: (input) => input === null }],
  ["none", { argNames: [], apply: (input) => input === null }],
  ["empty", { argNames: [], apply: (input) => isEmptyValue(input) }],
  ["even", { argNames: [], apply: (input) => integerOf(input, "even") % 2 === 0 }],
  ["odd", { argNames: [], apply: (input) => Math.abs(integerOf(input, "odd") % 2) === 1 }],
  ["iterable", { argNames: [], apply: (input) => isList(input) }],
  ["map", { argNames: [], apply: (input) => isMap(input) }],
  ["json", { argNames: [], apply: (input) => isJson(input) }],
]);
