/** jq builtins (`length`, `keys`, `map`, `select`, `to_entries`, `sort_by`, `add`, ...). */
import { EvalError } from "../errors";
import { userRegex } from "../regex";
import { formatNumber, isList, isMap, listItems, mapEntries, newMap, ownKeys, parseJson, readOwn, toJson, valuesEqual, type TemplateValue } from "../values";
import type { JqNode } from "./parse";
import { arithmetic, checkLength, compareJq, get, iterate, jqType, tostring, truthy, type Env } from "./values";

/** The evaluator, passed in rather than imported so builtins and evaluation do not import each other. */
export type Evaluate = (node: JqNode, input: TemplateValue, env: Env) => TemplateValue[];

function sortBy(items: TemplateValue[], keyOf: (item: TemplateValue) => TemplateValue): TemplateValue[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareJq(a.key, b.key))
    .map(({ item }) => item);
}

export function callBuiltin(name: string, args: JqNode[], input: TemplateValue, env: Env, evaluate: Evaluate): TemplateValue[] {
  const arg = (index: number, value: TemplateValue = input): TemplateValue[] => {
    const node = args[index];
    if (!node) throw new EvalError("EVALUATION", `jq: ${name}/${args.length} is not defined`);
    return evaluate(node, value, env);
  };
  const first = (index: number, value: TemplateValue = input): TemplateValue => arg(index, value)[0] ?? null;
  const list = (): TemplateValue[] => {
    if (!isList(input)) throw new EvalError("EVALUATION", `jq: ${jqType(input)} has no ${name}`);
    env.charge(input.length);
    return listItems(input);
  };
  const str = (): string => {
    if (typeof input !== "string") throw new EvalError("EVALUATION", `jq: ${name} input must be a string`);
    return input;
  };
  switch (`${name}/${args.length}`) {
    case "empty/0":
      return [];
    case "not/0":
      return [!truthy(input)];
    case "length/0":
      if (input === null) return [0];
      if (typeof input === "number") return [Math.abs(input)];
      if (typeof input === "string" || isList(input)) return [input.length];
      if (isMap(input)) return [ownKeys(input).length];
      throw new EvalError("EVALUATION", `jq: ${jqType(input)} has no length`);
    case "keys/0":
    case "keys_unsorted/0":
      if (isMap(input)) return [name === "keys" ? ownKeys(input).sort() : ownKeys(input)];
      if (isList(input)) return [input.map((_, index) => index)];
      throw new EvalError("EVALUATION", `jq: ${jqType(input)} has no keys`);
    case "values/0":
      return input === null ? [] : [input];
    case "has/1": {
      const key = first(0);
      if (isMap(input) && typeof key === "string") return [readOwn(input, key).found];
      if (isList(input) && typeof key === "number") return [key >= 0 && key < input.length];
      throw new EvalError("EVALUATION", `jq: Cannot check whether ${jqType(input)} has a key`);
    }
    case "map/1":
      return [iterate(input).flatMap((item) => arg(0, item))];
    case "map_values/1":
      if (isMap(input)) return [newMap(mapEntries(input).flatMap(([key, item]) => arg(0, item).slice(0, 1).map((v): [string, TemplateValue] => [key, v])))];
      return [iterate(input).flatMap((item) => arg(0, item).slice(0, 1))];
    case "select/1":
      return arg(0).some(truthy) ? [input] : [];
    case "add/0": {
      const items = iterate(input);
      return [items.reduce<TemplateValue>((acc, item) => arithmetic("+", acc, item, env), null)];
    }
    case "any/0":
      return [iterate(input).some(truthy)];
    case "all/0":
      return [iterate(input).every(truthy)];
    case "any/1":
      return [iterate(input).some((item) => arg(0, item).some(truthy))];
    case "all/1":
      return [iterate(input).every((item) => arg(0, item).every(truthy))];
    case "first/0":
      return [list()[0] ?? null];
    case "last/0": {
      const items = list();
      return [items[items.length - 1] ?? null];
    }
    case "first/1":
      return arg(0).slice(0, 1);
    case "last/1":
      return arg(0).slice(-1);
    case "reverse/0":
      if (typeof input === "string") return [[...input].reverse().join("")];
      return [input === null ? [] : [...list()].reverse()];
    case "sort/0":
      return [sortBy(list(), (item) => item)];
    case "sort_by/1":
      return [sortBy(list(), (item) => arg(0, item))];
    case "unique/0":
    case "unique_by/1": {
      const keyOf = (item: TemplateValue): TemplateValue => (args.length ? arg(0, item) : item);
      const sorted = sortBy(list(), keyOf);
      return [sorted.filter((item, index) => index === 0 || compareJq(keyOf(item), keyOf(sorted[index - 1] ?? null)) !== 0)];
    }
    case "group_by/1": {
      const groups: TemplateValue[][] = [];
      let previous: TemplateValue | undefined;
      for (const item of sortBy(list(), (value) => arg(0, value))) {
        const key = arg(0, item);
        if (previous === undefined || compareJq(previous, key) !== 0) groups.push([]);
        groups[groups.length - 1]?.push(item);
        previous = key;
      }
      return [groups];
    }
    case "min/0":
    case "max/0":
    case "min_by/1":
    case "max_by/1": {
      const items = list();
      if (items.length === 0) return [null];
      const keyOf = (item: TemplateValue): TemplateValue => (args.length ? arg(0, item) : item);
      const sorted = sortBy(items, keyOf);
      return [(name.startsWith("min") ? sorted[0] : sorted[sorted.length - 1]) ?? null];
    }
    case "flatten/0":
    case "flatten/1": {
      const depth = args.length ? Number(first(0)) : 1e9;
      const flat = (items: TemplateValue[], level: number): TemplateValue[] =>
        items.flatMap((item) => (isList(item) && level > 0 ? flat(listItems(item), level - 1) : [item]));
      return [flat(list(), depth)];
    }
    case "type/0":
      return [jqType(input)];
    case "tostring/0":
      return [tostring(input, env)];
    case "tonumber/0":
      if (typeof input === "number") return [input];
      if (typeof input === "string" && input.trim() !== "" && Number.isFinite(Number(input))) return [Number(input)];
      throw new EvalError("EVALUATION", `jq: Cannot parse '${tostring(input, env)}' as a number`);
    case "tojson/0":
      return [toJson(input, { maxLength: env.maxStringLength })];
    case "fromjson/0":
      return [parseJson(str())];
    case "ascii_downcase/0":
      return [str().replace(/[A-Z]/g, (c) => c.toLowerCase())];
    case "ascii_upcase/0":
      return [str().replace(/[a-z]/g, (c) => c.toUpperCase())];
    case "ltrimstr/1": {
      const prefix = first(0);
      return [typeof input === "string" && typeof prefix === "string" && input.startsWith(prefix) ? input.slice(prefix.length) : input];
    }
    case "rtrimstr/1": {
      const suffix = first(0);
      return [typeof input === "string" && typeof suffix === "string" && suffix !== "" && input.endsWith(suffix) ? input.slice(0, -suffix.length) : input];
    }
    case "startswith/1":
      return [str().startsWith(String(first(0)))];
    case "endswith/1":
      return [str().endsWith(String(first(0)))];
    case "split/1":
      return [str().split(String(first(0)))];
    case "join/1": {
      const separator = String(first(0));
      return [checkLength(list().map((item) => (item === null ? "" : typeof item === "string" ? item : tostring(item, env))).join(separator), env)];
    }
    case "contains/1": {
      const needle = first(0);
      if (typeof input === "string" && typeof needle === "string") return [input.includes(needle)];
      if (isList(input) && isList(needle)) return [listItems(needle).every((n) => listItems(input).some((i) => valuesEqual(i, n)))];
      return [valuesEqual(input, needle)];
    }
    case "to_entries/0":
      if (!isMap(input)) throw new EvalError("EVALUATION", `jq: ${jqType(input)} has no keys`);
      return [mapEntries(input).map(([key, value]) => newMap([["key", key], ["value", value]]))];
    case "from_entries/0":
      return [
        newMap(
          list().map((entry): [string, TemplateValue] => {
            const key = get(entry, "key") ?? get(entry, "k") ?? get(entry, "name");
            const value = isMap(entry) && readOwn(entry, "value").found ? get(entry, "value") : get(entry, "v");
            return [typeof key === "string" ? key : formatNumber(Number(key)), value];
          }),
        ),
      ];
    case "with_entries/1": {
      if (!isMap(input)) throw new EvalError("EVALUATION", `jq: ${jqType(input)} has no keys`);
      const entries = mapEntries(input).flatMap(([key, value]) => arg(0, newMap([["key", key], ["value", value]])));
      return callBuiltin("from_entries", [], entries, env, evaluate);
    }
    case "floor/0":
      return [Math.floor(Number(input))];
    case "ceil/0":
      return [Math.ceil(Number(input))];
    case "round/0":
      return [Math.round(Number(input))];
    case "sqrt/0":
      return [Math.sqrt(Number(input))];
    case "fabs/0":
    case "abs/0":
      return [Math.abs(Number(input))];
    case "range/1":
    case "range/2": {
      const from = args.length === 2 ? Number(first(0)) : 0;
      const to = Number(first(args.length - 1));
      const out: number[] = [];
      for (let i = from; i < to; i++) {
        env.charge(1);
        out.push(i);
      }
      return out;
    }
    case "limit/2": {
      const count = Number(first(0));
      return arg(1).slice(0, Math.max(0, count));
    }
    case "test/1": {
      const pattern = first(0);
      if (typeof pattern !== "string") throw new EvalError("EVALUATION", "jq: test expects a string pattern");
      return [str().search(userRegex(pattern)) !== -1];
    }
    default:
      throw new EvalError("EVALUATION", `jq: ${name}/${args.length} is not defined`);
  }
}
