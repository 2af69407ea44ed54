/** Numeric filters: abs, number, numberformat (Java DecimalFormat subset), round, className. */
import { EvalError } from "../errors";
import type { FilterSpec } from "../runtime";
import { isList, isMap, typeName, type TemplateValue } from "../values";

const NUMBER_SYNTAX = /^[+-]?(?:0[xX][0-9a-fA-F]+|#[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[lLfFdD]?$/;
const INTEGER_SYNTAX = /^[+-]?\d+[lL]?$/;

/** Commons-lang `NumberUtils.createNumber` and its typed variants, used by Kestra's `number` filter. */
function parseNumber(text: string, type: string): number {
  const invalid = (): never => {
    throw new EvalError("EVALUATION", `${text} is not a valid number.`);
  };
  if (!NUMBER_SYNTAX.test(text)) invalid();
  const integerOnly = type === "INT" || type === "LONG" || type === "BIGINTEGER";
  if (integerOnly && !INTEGER_SYNTAX.test(text) && !/^[+-]?(0[xX]|#)/.test(text)) invalid();
  const sign = text.startsWith("-") ? -1 : 1;
  const unsigned = text.replace(/^[+-]/, "");
  if (/^(0[xX]|#)/.test(unsigned)) return sign * Number.parseInt(unsigned.replace(/^(0[xX]|#)/, ""), 16);
  const value = Number(unsigned.replace(/[lLfFdD]$/, ""));
  if (!Number.isFinite(value)) invalid();
  return sign * value;
}

/** The exact decimal digits of a double, `places` digits after the point (no binary artefacts hidden). */
function exactDigits(value: number, places: number): string {
  return Math.abs(value).toFixed(Math.min(100, places));
}

/** Round a non-negative decimal string to `places` fraction digits, HALF_EVEN like DecimalFormat. */
function roundHalfEven(digits: string, places: number): string {
  const [integer = "0", fraction = ""] = digits.split(".");
  const kept = fraction.slice(0, places);
  const rest = fraction.slice(places);
  let roundUp = false;
  if (rest.length > 0) {
    const first = Number(rest[0]);
    const tail = rest.slice(1);
    if (first > 5 || (first === 5 && /[1-9]/.test(tail))) roundUp = true;
    else if (first === 5) {
      const last = Number((kept || integer).slice(-1));
      roundUp = last % 2 === 1;
    }
  }
  let number = BigInt(integer + kept);
  if (roundUp) number += 1n;
  const text = number.toString().padStart(places + 1, "0");
  return places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
}

/** `java.text.DecimalFormat` for the patterns flows use: `#,##0.00`, `#.##`, `0.000`, `0%`. */
function decimalFormat(value: number, pattern: string): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? "NaN" : value > 0 ? "∞" : "-∞";
  const positive = pattern.split(";")[0] ?? "";
  const start = positive.search(/[#0,.]/);
  if (start === -1) throw new EvalError("EVALUATION", `Malformed pattern "${pattern}"`);
  let end = start;
  while (end < positive.length && /[#0,.]/.test(positive[end] ?? "")) end++;
  const prefix = positive.slice(0, start).replace(/'/g, "");
  const suffix = positive.slice(end).replace(/'/g, "");
  const numeric = positive.slice(start, end);
  const [integerPattern = "", fractionPattern = ""] = numeric.split(".");
  const multiplier = suffix.includes("%") || prefix.includes("%") ? 100 : suffix.includes("‰") ? 1000 : 1;
  const grouping = integerPattern.includes(",") ? integerPattern.length - integerPattern.lastIndexOf(",") - 1 : 0;
  const minInteger = (integerPattern.match(/0/g) ?? []).length;
  const minFraction = (fractionPattern.match(/0/g) ?? []).length;
  const maxFraction = fractionPattern.replace(/,/g, "").length;

  const scaled = value * multiplier;
  const rounded = roundHalfEven(exactDigits(scaled, maxFraction + 25), maxFraction);
  let [integer = "0", fraction = ""] = rounded.split(".");
  integer = integer.replace(/^0+/, "");
  if (integer.length < minInteger) integer = integer.padStart(minInteger, "0");
  while (fraction.length > minFraction && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  if (grouping > 0) integer = integer.replace(new RegExp(`\\B(?=(\\d{${grouping}})+(?!\\d))`, "g"), ",");
  const isZero = /^[0,]*$/.test(integer) && /^0*$/.test(fraction);
  const sign = scaled < 0 && !isZero ? "-" : "";
  const body = fraction.length > 0 ? `${integer}.${fraction}` : integer === "" ? "0" : integer;
  return `${sign}${prefix}${body}${suffix}`;
}

function javaClassName(value: TemplateValue): string | null {
  if (value === null) return null;
  if (typeof value === "string") return "java.lang.String";
  if (typeof value === "boolean") return "java.lang.Boolean";
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return "java.lang.Double";
    return Math.abs(value) <= 2_147_483_647 ? "java.lang.Integer" : "java.lang.Long";
  }
  if (value instanceof Date) return "java.time.Instant";
  if (isList(value)) return "java.util.ArrayList";
  if (isMap(value)) return "java.util.LinkedHashMap";
  return null;
}

function numberInput(value: TemplateValue, filter: string): number {
  if (typeof value !== "number") throw new EvalError("TYPE", `The '${filter}' filter expects a number, not a ${typeName(value)}`);
  return value;
}

const numberFormat: FilterSpec = {
  argNames: ["format"],
  apply: (input, args) => (input === null ? null : decimalFormat(numberInput(input, "numberformat"), args.string("format"))),
};

export const NUMBER_FILTERS: Record<string, FilterSpec> = {
  abs: { argNames: [], apply: (input) => (input === null ? null : Math.abs(numberInput(input, "abs"))) },
  number: {
    argNames: ["type"],
    apply: (input, args) => {
      if (input === null) return null;
      if (typeof input !== "string") {
        throw new EvalError("TYPE", `'number' filter can only be applied to String. Actual type was: ${typeName(input)}`);
      }
      return parseNumber(input, args.string("type", "").toUpperCase());
    },
  },
  numberformat: numberFormat,
  numberFormat,
  round: {
    argNames: ["precision", "method"],
    apply: (input, args) => {
      if (input === null) return null;
      const value = numberInput(input, "round");
      const precision = args.integer("precision", 0);
      const method = args.string("method", "common");
      const factor = 10 ** precision;
      const scaled = Math.abs(value) * factor;
      const rounded = method === "floor" ? Math.floor(value * factor) : method === "ceil" ? Math.ceil(value * factor) : Math.sign(value) * Math.round(scaled);
      if (method !== "common" && method !== "floor" && method !== "ceil") {
        throw new EvalError("EVALUATION", "The 'round' filter method must be 'common', 'floor' or 'ceil'.");
      }
      return rounded / factor;
    },
  },
  className: { argNames: [], apply: (input) => javaClassName(input) },
};
