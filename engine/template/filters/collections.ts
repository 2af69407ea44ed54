/** Collection filters: length, first/last, join, slice, sort, keys/values, merge, chunk, ... */
import { EvalError } from "../errors";
import type { FilterSpec, Runtime } from "../runtime";
import {
  dateTime,
  isList,
  isMap,
  javaString,
  listItems,
  mapEntries,
  newMap,
  ownKeys,
  typeName,
  valuesEqual,
  type TemplateValue,
} from "../values";

/** Pebble's EmptyTest: null, a blank string, an empty list or map. */
export function isEmptyValue(value: TemplateValue): boolean {
  if (value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (isList(value)) return value.length === 0;
  if (isMap(value)) return ownKeys(value).length === 0;
  return false;
}

function listInput(value: TemplateValue, filter: string, runtime: Runtime): TemplateValue[] {
  if (!isList(value)) throw new EvalError("TYPE", `The '${filter}' filter expects a list, not a ${typeName(value)}`);
  runtime.charge(value.length);
  return listItems(value);
}

/** Java's natural ordering: numbers with numbers, strings with strings; anything else fails. */
function compareNatural(a: TemplateValue, b: TemplateValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return dateTime(a) - dateTime(b);
  throw new EvalError("TYPE", `Cannot sort a ${typeName(a)} with a ${typeName(b)}`);
}

function sorted(value: TemplateValue, filter: string, runtime: Runtime): TemplateValue[] {
  const items = listInput(value, filter, runtime);
  runtime.charge(Math.ceil(items.length * Math.log2(items.length + 1)));
  return [...items].sort(compareNatural);
}

function sizeOf(value: TemplateValue): number {
  if (value === null) return 0;
  if (typeof value === "string" || isList(value)) return value.length;
  if (isMap(value)) return ownKeys(value).length;
  return 0;
}

export const COLLECTION_FILTERS: Record<string, FilterSpec> = {
  default: {
    argNames: ["default"],
    apply: (input, args) => (isEmptyValue(input) ? (args.get("default") ?? null) : input),
  },
  length: { argNames: [], apply: (input) => sizeOf(input) },
  size: { argNames: [], apply: (input) => sizeOf(input) },
  first: {
    argNames: [],
    apply: (input) => {
      if (input === null) return null;
      if (typeof input === "string") return input.length > 0 ? input.charAt(0) : null;
      if (isList(input)) return listItems(input.slice(0, 1))[0] ?? null;
      throw new EvalError("TYPE", `The 'first' filter expects a list or a string, not a ${typeName(input)}`);
    },
  },
  last: {
    argNames: [],
    apply: (input) => {
      if (input === null) return null;
      if (typeof input === "string") return input.length > 0 ? input.charAt(input.length - 1) : null;
      if (isList(input)) return input.length > 0 ? (listItems(input.slice(-1))[0] ?? null) : null;
      throw new EvalError("TYPE", `The 'last' filter expects a list or a string, not a ${typeName(input)}`);
    },
  },
  join: {
    argNames: ["separator"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      if (!isList(input)) throw new EvalError("TYPE", "The 'join' filter expects that the input is either a collection or an array.");
      const separator = args.optionalString("separator") ?? "";
      let length = 0;
      const parts = listInput(input, "join", runtime).map((item) => {
        const text = javaString(item);
        length += text.length + separator.length;
        if (length > runtime.limits.maxStringLength) throw new EvalError("LIMIT", "join: result too long");
        return text;
      });
      return parts.join(separator);
    },
  },
  slice: {
    argNames: ["fromIndex", "toIndex"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      if (typeof input !== "string" && !isList(input)) {
        throw new EvalError("TYPE", `Slice filter can only be applied to String, List and array inputs. Actual type was: ${typeName(input)}`);
      }
      const from = args.integer("fromIndex", 0);
      if (from < 0) throw new EvalError("EVALUATION", "fromIndex must be greater than 0");
      const to = args.has("toIndex") && args.get("toIndex") !== null ? args.integer("toIndex") : input.length;
      if (to > input.length) throw new EvalError("EVALUATION", `toIndex must be smaller than input size: ${input.length}`);
      if (args.has("toIndex") && from >= to) throw new EvalError("EVALUATION", "toIndex must be greater than fromIndex");
      return typeof input === "string" ? input.slice(from, to) : listInput(input, "slice", runtime).slice(from, to);
    },
  },
  sort: { argNames: [], apply: (input, _args, runtime) => (input === null ? null : sorted(input, "sort", runtime)) },
  rsort: { argNames: [], apply: (input, _args, runtime) => (input === null ? null : sorted(input, "rsort", runtime).reverse()) },
  reverse: {
    argNames: [],
    apply: (input, _args, runtime) => {
      if (input === null) return null;
      if (typeof input === "string") return [...input].reverse().join("");
      return [...listInput(input, "reverse", runtime)].reverse();
    },
  },
  keys: {
    argNames: [],
    apply: (input) => {
      if (input === null) return null;
      if (isMap(input)) return ownKeys(input);
      if (isList(input)) return input.map((_, index) => index);
      throw new EvalError("TYPE", `'keys' filter can only be applied to List, Map, Array. Actual type was: ${typeName(input)}`);
    },
  },
  values: {
    argNames: [],
    apply: (input) => {
      if (input === null) return null;
      if (isMap(input)) return mapEntries(input).map(([, value]) => value);
      throw new EvalError("TYPE", `'values' filter can only be applied to Map. Actual type was: ${typeName(input)}`);
    },
  },
  merge: {
    argNames: ["items"],
    apply: (input, args, runtime) => {
      const items = args.get("items") ?? null;
      if (input === null) {
        if (items === null) throw new EvalError("EVALUATION", "The two arguments to be merged are null");
        return items;
      }
      if (items === null) return input;
      if (isMap(input)) {
        if (isMap(items)) {
          runtime.checkSize(ownKeys(input).length + ownKeys(items).length);
          return newMap([...mapEntries(input), ...mapEntries(items)]);
        }
        if (isList(items)) {
          runtime.checkSize(ownKeys(input).length + items.length);
          return newMap([...mapEntries(input), ...listItems(items).map((item): [string, TemplateValue] => [javaString(item), item])]);
        }
      } else if (isList(input)) {
        if (isList(items)) {
          runtime.checkSize(input.length + items.length);
          return [...listItems(input), ...listItems(items)];
        }
        if (isMap(items)) {
          runtime.checkSize(input.length + ownKeys(items).length);
          return [...listItems(input), ...mapEntries(items).map(([key, value]) => newMap([["key", key], ["value", value]]))];
        }
      } else {
        throw new EvalError("TYPE", "The object being filtered is not a Map/List/Array");
      }
      throw new EvalError("TYPE", `Currently, only Maps and Lists can be merged. Arg2: ${typeName(items)}`);
    },
  },
  chunk: {
    argNames: ["size"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const size = args.integer("size");
      if (size <= 0) throw new EvalError("EVALUATION", "The 'chunk' filter expects a positive integer as argument 'size'.");
      const items = listInput(input, "chunk", runtime);
      const chunks: TemplateValue[] = [];
      for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
      return chunks;
    },
  },
  distinct: {
    argNames: [],
    apply: (input, _args, runtime) => {
      if (input === null) return null;
      const items = listInput(input, "distinct", runtime);
      const out: TemplateValue[] = [];
      const seenScalars = new Set<string | number | boolean>();
      for (const item of items) {
        if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
          if (seenScalars.has(item)) continue;
          seenScalars.add(item);
          out.push(item);
        } else {
          runtime.charge(out.length);
          if (!out.some((other) => valuesEqual(other, item))) out.push(item);
        }
      }
      return out;
    },
  },
  flatten: {
    argNames: [],
    apply: (input, _args, runtime) => {
      if (input === null) return null;
      if (!isList(input)) throw new EvalError("TYPE", "The 'flatten' filter can only be applied to lists.");
      const flat = listInput(input, "flatten", runtime).flatMap((item) => (isList(item) ? listItems(item) : [item]));
      runtime.checkSize(flat.length);
      return flat;
    },
  },
};
