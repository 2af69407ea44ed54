/** jq's view of template data: types, ordering, indexing, arithmetic. */
import { EvalError } from "../errors";
import { isList, isMap, listItems, mapEntries, newMap, ownKeys, readOwn, toJson, valuesEqual, type TemplateValue } from "../values";

export type Env = { readonly vars: ReadonlyMap<string, TemplateValue>; readonly charge: (steps: number) => void; readonly maxStringLength: number };

export function jqType(value: TemplateValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "string";
  if (isList(value)) return "array";
  if (value instanceof Date) return "string";
  return "object";
}

const TYPE_ORDER = ["null", "boolean", "number", "string", "array", "object"];

export function compareJq(a: TemplateValue, b: TemplateValue): number {
  const ta = jqType(a);
  const tb = jqType(b);
  if (ta !== tb) return TYPE_ORDER.indexOf(ta) - TYPE_ORDER.indexOf(tb);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (isList(a) && isList(b)) {
    const x = listItems(a);
    const y = listItems(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compareJq(x[i] ?? null, y[i] ?? null);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  if (isMap(a) && isMap(b)) {
    const ka = ownKeys(a).sort();
    const kb = ownKeys(b).sort();
    const keys = compareJq(ka, kb);
    if (keys !== 0) return keys;
    for (const key of ka) {
      const c = compareJq(get(a, key), get(b, key));
      if (c !== 0) return c;
    }
  }
  return 0;
}

export function get(map: TemplateValue, key: string): TemplateValue {
  if (!isMap(map)) return null;
  const lookup = readOwn(map, key);
  return lookup.found ? lookup.value : null;
}

export function truthy(value: TemplateValue): boolean {
  return value !== null && value !== false;
}

export function indexValue(target: TemplateValue, key: TemplateValue): TemplateValue {
  if (target === null) return null;
  if (typeof key === "string" && isMap(target)) return get(target, key);
  if (typeof key === "number" && isList(target)) {
    const items = listItems(target);
    const index = Math.floor(key < 0 ? items.length + key : key);
    return items[index] ?? null;
  }
  throw new EvalError("EVALUATION", `jq: Cannot index ${jqType(target)} with ${typeof key === "string" ? `"${key}"` : jqType(key)}`);
}

export function iterate(value: TemplateValue): TemplateValue[] {
  if (isList(value)) return listItems(value);
  if (isMap(value)) return mapEntries(value).map(([, item]) => item);
  throw new EvalError("EVALUATION", `jq: Cannot iterate over ${jqType(value)}`);
}

export function arithmetic(op: string, a: TemplateValue, b: TemplateValue, env: Env): TemplateValue {
  if (op === "+") {
    if (a === null) return b;
    if (b === null) return a;
    if (typeof a === "number" && typeof b === "number") return a + b;
    if (typeof a === "string" && typeof b === "string") return checkLength(a + b, env);
    if (isList(a) && isList(b)) return [...listItems(a), ...listItems(b)];
    if (isMap(a) && isMap(b)) return newMap([...mapEntries(a), ...mapEntries(b)]);
  } else if (op === "-") {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (isList(a) && isList(b)) {
      const remove = listItems(b);
      return listItems(a).filter((item) => !remove.some((other) => valuesEqual(item, other)));
    }
  } else if (op === "*") {
    if (typeof a === "number" && typeof b === "number") return a * b;
    if (isMap(a) && isMap(b)) return newMap([...mapEntries(a), ...mapEntries(b)]);
  } else if (op === "/") {
    if (typeof a === "number" && typeof b === "number") {
      if (b === 0) throw new EvalError("EVALUATION", "jq: division by zero");
      return a / b;
    }
    if (typeof a === "string" && typeof b === "string") return a.split(b);
  } else if (op === "%") {
    if (typeof a === "number" && typeof b === "number") {
      if (Math.trunc(b) === 0) throw new EvalError("EVALUATION", "jq: modulo by zero");
      return Math.trunc(a) % Math.trunc(b);
    }
  }
  throw new EvalError("EVALUATION", `jq: ${jqType(a)} and ${jqType(b)} cannot be combined with '${op}'`);
}

export function checkLength(value: string, env: Env): string {
  if (value.length > env.maxStringLength) throw new EvalError("LIMIT", "jq: string too long");
  return value;
}

export function tostring(value: TemplateValue, env: Env): string {
  return typeof value === "string" ? value : toJson(value, { maxLength: env.maxStringLength });
}
