/**
 * Functions callable as `name(...)`. Built-ins are pure (dates, JSON, ranges, `render`); the
 * ones that need I/O (`kv`, `secret`, `read`, `errorLogs`, ...) only dispatch to callbacks the
 * caller injected for this execution, so the evaluator itself never touches storage and cannot
 * reach another tenant's data.
 */
import { randomBytes, randomInt, randomUUID } from "node:crypto";
import { parse as yamlParse } from "yaml";
import { formatDate, fromDate } from "./dates";
import { EvalError } from "./errors";
import { dateOptions } from "./filters/dates";
import type { FunctionSpec, InjectedFunction, Runtime } from "./runtime";
import { BoundArgs, bindArgs, expectString } from "./runtime";
import { parseJsonText } from "./json";
import { asValue, isList, isMap, readOwn, typeName, type TemplateValue } from "./values";

function parseJsonFunction(name: string): FunctionSpec {
  return {
    argNames: ["json"],
    call: (args) => {
      const input = args.get("json") ?? null;
      if (input === null) return null;
      const text = expectString(input, `The '${name}' function`);
      try {
        return asValue(parseJsonText(text));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new EvalError("EVALUATION", `Invalid json: ${reason}`);
      }
    },
  };
}

/** `range(start, end, increment)`: inclusive, numbers or single characters, size-limited. */
function range(args: BoundArgs, runtime: Runtime): TemplateValue {
  const start = args.required("start");
  const end = args.required("end");
  const increment = args.integer("increment", 1);
  if (increment === 0) throw new EvalError("EVALUATION", "The increment of the range function must be different than 0");
  if (typeof start === "string" && typeof end === "string") {
    if (start.length !== 1 || end.length !== 1) {
      throw new EvalError("EVALUATION", "Arguments of range function must be of type Number or String with a length of 1");
    }
    const codes = rangeNumbers(start.charCodeAt(0), end.charCodeAt(0), increment, runtime);
    return codes.map((code) => String.fromCharCode(code));
  }
  if (typeof start !== "number" || typeof end !== "number") {
    throw new EvalError("EVALUATION", "Arguments of range function must be of type Number or String with a length of 1");
  }
  return rangeNumbers(Math.trunc(start), Math.trunc(end), increment, runtime);
}

export function rangeNumbers(start: number, end: number, increment: number, runtime: Runtime): number[] {
  const count = increment > 0 ? Math.floor((end - start) / increment) + 1 : Math.floor((start - end) / -increment) + 1;
  if (count <= 0) return [];
  // Checked before allocating: `1..100000000` must fail fast, not fill memory.
  runtime.checkSize(count);
  return Array.from({ length: count }, (_, index) => start + index * increment);
}

function extreme(kind: "max" | "min"): FunctionSpec {
  return {
    argNames: "variadic",
    call: (args) => {
      let best: TemplateValue = null;
      for (const value of args.positional) {
        if (value === null) continue;
        if (typeof value !== "number" && typeof value !== "string") {
          throw new EvalError("TYPE", `The '${kind}' function compares numbers, not a ${typeName(value)}`);
        }
        if (best === null) {
          best = value;
          continue;
        }
        if (typeof best !== typeof value) throw new EvalError("TYPE", `The '${kind}' function cannot compare a number with a string`);
        if (kind === "max" ? value > best : value < best) best = value;
      }
      return best;
    },
  };
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Kestra's `IdUtils.create()`: a random UUID written in base 62. */
function base62Id(): string {
  let value = BigInt(`0x${randomBytes(16).toString("hex")}`);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return out.padStart(22, "0");
}

function mapValue(map: TemplateValue, key: TemplateValue): TemplateValue {
  if (!isMap(map) || key === null || typeof key === "object") return null;
  const lookup = readOwn(map, String(key));
  return lookup.found ? lookup.value : null;
}

/** Kestra's `currentEachOutput(outputs)`: walk the outputs tree along the parents' loop values. */
function currentEachOutput(args: BoundArgs, runtime: Runtime): TemplateValue {
  let outputs = args.required("outputs");
  if (!isMap(outputs)) {
    throw new EvalError("EVALUATION", "The 'currentEachOutput' function expects an argument 'outputs' with type map.");
  }
  const parents = runtime.rootVariable("parents");
  if (parents !== undefined && isList(parents)) {
    for (const parent of [...parents].reverse()) {
      const taskrun = mapValue(parent, "taskrun");
      if (taskrun === null) continue;
      const next = mapValue(outputs, mapValue(taskrun, "value"));
      if (next === null) throw new EvalError("EVALUATION", "No execution outputs for the current task runs path");
      outputs = next;
    }
  }
  const taskrun = runtime.rootVariable("taskrun");
  return mapValue(outputs, taskrun === undefined ? null : mapValue(taskrun, "value"));
}

function now(args: BoundArgs, runtime: Runtime): TemplateValue {
  const options = dateOptions(args, runtime);
  return formatDate(fromDate(runtime.now(), options.zone), options.format, options.zone, options.locale);
}

const renderFunction: FunctionSpec = {
  argNames: ["toRender", "recursive"],
  call: (args, runtime) => runtime.renderValue(args.required("toRender"), args.boolean("recursive", true)),
};

export const BUILTIN_FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ["range", { argNames: ["start", "end", "increment"], call: range }],
  ["max", extreme("max")],
  ["min", extreme("min")],
  ["now", { argNames: ["format", "timeZone", "existingFormat", "locale"], call: now }],
  ["json", parseJsonFunction("json")],
  ["fromJson", parseJsonFunction("fromJson")],
  ["jsonDecode", parseJsonFunction("jsonDecode")],
  [
    "yaml",
    {
      argNames: ["yaml"],
      call: (args, runtime) => {
        const input = args.get("yaml") ?? null;
        if (input === null) return null;
        const text = expectString(input, "The 'yaml' function");
        if (text.length > runtime.limits.maxStringLength) throw new EvalError("LIMIT", "yaml: input too long");
        try {
          // maxAliasCount stops "billion laughs" alias bombs.
          return asValue(yamlParse(text, { maxAliasCount: 100 }) as unknown);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new EvalError("EVALUATION", `Invalid yaml: ${reason}`);
        }
      },
    },
  ],
  ["render", renderFunction],
  [
    "renderOnce",
    { argNames: ["toRender"], call: (args, runtime) => runtime.renderValue(args.required("toRender"), false) },
  ],
  ["printContext", { argNames: [], call: (_args, runtime) => runtime.contextSnapshot() }],
  ["fetchContext", { argNames: [], call: (_args, runtime) => runtime.contextSnapshot() }],
  ["currentEachOutput", { argNames: ["outputs"], call: currentEachOutput }],
  ["uuid", { argNames: [], call: () => randomUUID() }],
  ["id", { argNames: [], call: () => base62Id() }],
  [
    "randomInt",
    {
      argNames: ["lower", "upper"],
      call: (args) => {
        const lower = args.integer("lower");
        const upper = args.integer("upper");
        if (upper <= lower) throw new EvalError("EVALUATION", "The 'randomInt' function expects 'upper' to be greater than 'lower'.");
        return randomInt(lower, upper);
      },
    },
  ],
]);

/** Kestra's argument names of the functions whose implementation the caller injects. */
export const INJECTED_ARGUMENT_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  ["kv", ["key", "namespace", "errorOnMissing"]],
  ["secret", ["key", "namespace", "subkey"]],
  ["read", ["path", "namespace"]],
  ["fileURI", ["path", "namespace"]],
  ["fileSize", ["path", "namespace"]],
  ["fileExists", ["path", "namespace"]],
  ["fileEmpty", ["path", "namespace"]],
  ["isFileEmpty", ["path", "namespace"]],
  ["errorLogs", []],
  ["tasksWithState", ["state"]],
  ["http", ["uri", "method", "body", "contentType", "headers", "options"]],
  ["encrypt", ["key", "plaintext"]],
  ["decrypt", ["key", "encrypted"]],
]);

/** Kestra's defaults for optional arguments of injected functions. */
const INJECTED_DEFAULTS: ReadonlyMap<string, Record<string, TemplateValue>> = new Map([["kv", { errorOnMissing: false }]]);

/** Call an injected callback with named arguments; its result is accepted as template data. */
export async function callInjected(
  name: string,
  fn: InjectedFunction,
  positional: readonly TemplateValue[],
  named: readonly { name: string; value: TemplateValue }[],
): Promise<TemplateValue> {
  const argNames = INJECTED_ARGUMENT_NAMES.get(name) ?? positional.map((_, index) => `arg${index}`);
  const bound = INJECTED_ARGUMENT_NAMES.has(name)
    ? bindArgs(`'${name}' function`, argNames, positional, named)
    : new BoundArgs(`'${name}' function`, new Map([...positional.map((value, index): [string, TemplateValue] => [`arg${index}`, value]), ...named.map(({ name: key, value }): [string, TemplateValue] => [key, value])]), positional);
  const record: Record<string, TemplateValue> = { ...INJECTED_DEFAULTS.get(name), ...bound.toRecord() };
  // Called without a receiver: the callback gets data, never the interpreter.
  const result: unknown = await Reflect.apply(fn, undefined, [Object.freeze(record)]);
  return asValue(result);
}
