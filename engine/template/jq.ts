/**
 * A jq subset for Kestra's `jq` filter: paths (`.a.b`, `.[0]`, `.["k"]`, `.[]`, `.[1:3]`, `?`),
 * pipes, commas, `//`, arithmetic and comparisons, `and`/`or`, array and object construction,
 * `if/then/elif/else/end`, `reduce ... as $x (init; update)`, variables, and the common
 * builtins (`length`, `keys`, `map`, `select`, `has`, `to_entries`, `sort_by`, `add`, ...).
 * Like every other part of the engine it reads data only and counts its work.
 */
import { EvalError } from "./errors";
import { userRegex } from "./regex";
import {
  formatNumber,
  isList,
  isMap,
  listItems,
  mapEntries,
  newMap,
  ownKeys,
  parseJson,
  readOwn,
  toJson,
  valuesEqual,
  type TemplateValue,
} from "./values";

type JqNode =
  | { kind: "identity" }
  | { kind: "recurse" }
  | { kind: "literal"; value: TemplateValue }
  | { kind: "index"; target: JqNode; key: JqNode }
  | { kind: "slice"; target: JqNode; from: JqNode | null; to: JqNode | null }
  | { kind: "iterate"; target: JqNode }
  | { kind: "try"; body: JqNode }
  | { kind: "pipe"; left: JqNode; right: JqNode }
  | { kind: "comma"; left: JqNode; right: JqNode }
  | { kind: "binary"; op: string; left: JqNode; right: JqNode }
  | { kind: "neg"; operand: JqNode }
  | { kind: "array"; body: JqNode | null }
  | { kind: "object"; entries: { key: JqNode; value: JqNode }[] }
  | { kind: "call"; name: string; args: JqNode[] }
  | { kind: "variable"; name: string }
  | { kind: "if"; branches: { condition: JqNode; then: JqNode }[]; otherwise: JqNode | null }
  | { kind: "reduce"; source: JqNode; variable: string; init: JqNode; update: JqNode }
  | { kind: "as"; source: JqNode; variable: string; body: JqNode };

type JqToken = { type: "punct" | "op" | "name" | "var" | "number" | "string" | "field" | "eof"; value: string; num?: number };

const MAX_JQ_DEPTH = 64;

function lexJq(source: string): JqToken[] {
  const tokens: JqToken[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (["==", "!=", "<=", ">=", "//", ".."].includes(two)) {
      tokens.push({ type: two === ".." ? "punct" : "op", value: two });
      i += 2;
      continue;
    }
    if (char === "." && /[A-Za-z_]/.test(source[i + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i + 1))?.[0] ?? "";
      tokens.push({ type: "field", value: name });
      i += 1 + name.length;
      continue;
    }
    if (".[]{}()|,:;?".includes(char)) {
      tokens.push({ type: "punct", value: char });
      i++;
      continue;
    }
    if ("<>+-*/%".includes(char)) {
      tokens.push({ type: "op", value: char });
      i++;
      continue;
    }
    if (char === '"') {
      let end = i + 1;
      while (end < source.length && source[end] !== '"') end += source[end] === "\\" ? 2 : 1;
      if (end >= source.length) throw new EvalError("EVALUATION", "jq: unterminated string");
      const raw = source.slice(i, end + 1);
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        throw new EvalError("EVALUATION", `jq: invalid string ${raw}`);
      }
      tokens.push({ type: "string", value: String(value) });
      i = end + 1;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i))?.[0];
    if (number) {
      tokens.push({ type: "number", value: number, num: Number(number) });
      i += number.length;
      continue;
    }
    const name = /^\$?[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))?.[0];
    if (name) {
      tokens.push({ type: name.startsWith("$") ? "var" : "name", value: name.replace(/^\$/, "") });
      i += name.length;
      continue;
    }
    throw new EvalError("EVALUATION", `jq: unexpected character '${char}'`);
  }
  tokens.push({ type: "eof", value: "" });
  return tokens;
}

class JqParser {
  private index = 0;
  private depth = 0;
  constructor(private readonly tokens: JqToken[]) {}

  private peek(): JqToken {
    return this.tokens[this.index] ?? { type: "eof", value: "" };
  }
  private next(): JqToken {
    const token = this.peek();
    this.index++;
    return token;
  }
  private is(type: JqToken["type"], value?: string): boolean {
    const token = this.peek();
    return token.type === type && (value === undefined || token.value === value);
  }
  private expect(type: JqToken["type"], value: string): void {
    if (!this.is(type, value)) throw new EvalError("EVALUATION", `jq: expected '${value}' but found '${this.peek().value || "end"}'`);
    this.next();
  }

  parseProgram(): JqNode {
    const node = this.parsePipe();
    if (!this.is("eof")) throw new EvalError("EVALUATION", `jq: unexpected '${this.peek().value}'`);
    return node;
  }

  private guard<T>(parse: () => T): T {
    if (++this.depth > MAX_JQ_DEPTH) throw new EvalError("LIMIT", "jq: expression nested too deeply");
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  parsePipe(): JqNode {
    return this.guard(() => {
      const left = this.parseComma();
      if (this.is("name", "as")) {
        this.next();
        const variable = this.next();
        if (variable.type !== "var") throw new EvalError("EVALUATION", "jq: expected a $variable after 'as'");
        this.expect("punct", "|");
        return { kind: "as", source: left, variable: variable.value, body: this.parsePipe() };
      }
      if (this.is("punct", "|")) {
        this.next();
        return { kind: "pipe", left, right: this.parsePipe() };
      }
      return left;
    });
  }

  private parseComma(): JqNode {
    let left = this.parseAlternative();
    while (this.is("punct", ",")) {
      this.next();
      left = { kind: "comma", left, right: this.parseAlternative() };
    }
    return left;
  }

  private parseAlternative(): JqNode {
    let left = this.parseOr();
    while (this.is("op", "//")) {
      this.next();
      left = { kind: "binary", op: "//", left, right: this.parseOr() };
    }
    return left;
  }

  private parseOr(): JqNode {
    let left = this.parseAnd();
    while (this.is("name", "or")) {
      this.next();
      left = { kind: "binary", op: "or", left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): JqNode {
    let left = this.parseComparison();
    while (this.is("name", "and")) {
      this.next();
      left = { kind: "binary", op: "and", left, right: this.parseComparison() };
    }
    return left;
  }

  private parseComparison(): JqNode {
    const left = this.parseAdditive();
    const token = this.peek();
    if (token.type === "op" && ["==", "!=", "<", "<=", ">", ">="].includes(token.value)) {
      this.next();
      return { kind: "binary", op: token.value, left, right: this.parseAdditive() };
    }
    return left;
  }

  private parseAdditive(): JqNode {
    let left = this.parseMultiplicative();
    while (this.is("op", "+") || this.is("op", "-")) {
      const op = this.next().value;
      left = { kind: "binary", op, left, right: this.parseMultiplicative() };
    }
    return left;
  }

  private parseMultiplicative(): JqNode {
    let left = this.parsePostfix();
    while (this.is("op", "*") || this.is("op", "/") || this.is("op", "%")) {
      const op = this.next().value;
      left = { kind: "binary", op, left, right: this.parsePostfix() };
    }
    return left;
  }

  private parsePostfix(): JqNode {
    let node = this.parseTerm();
    for (;;) {
      if (this.is("field")) {
        node = { kind: "index", target: node, key: { kind: "literal", value: this.next().value } };
      } else if (this.is("punct", ".") && this.tokens[this.index + 1]?.type === "string") {
        this.next();
        node = { kind: "index", target: node, key: { kind: "literal", value: this.next().value } };
      } else if (this.is("punct", ".") && this.tokens[this.index + 1]?.value === "[") {
        this.next();
      } else if (this.is("punct", "[")) {
        node = this.parseBracket(node);
      } else if (this.is("punct", "?")) {
        this.next();
        node = { kind: "try", body: node };
      } else {
        return node;
      }
    }
  }

  private parseBracket(target: JqNode): JqNode {
    this.expect("punct", "[");
    if (this.is("punct", "]")) {
      this.next();
      return { kind: "iterate", target };
    }
    if (this.is("punct", ":")) {
      this.next();
      const to = this.parsePipe();
      this.expect("punct", "]");
      return { kind: "slice", target, from: null, to };
    }
    const key = this.parsePipe();
    if (this.is("punct", ":")) {
      this.next();
      const to = this.is("punct", "]") ? null : this.parsePipe();
      this.expect("punct", "]");
      return { kind: "slice", target, from: key, to };
    }
    this.expect("punct", "]");
    return { kind: "index", target, key };
  }

  private parseTerm(): JqNode {
    return this.guard(() => this.parseTermInner());
  }

  private parseTermInner(): JqNode {
    const token = this.next();
    switch (token.type) {
      case "field":
        return { kind: "index", target: { kind: "identity" }, key: { kind: "literal", value: token.value } };
      case "number":
        return { kind: "literal", value: token.num ?? 0 };
      case "string":
        return { kind: "literal", value: token.value };
      case "var":
        return { kind: "variable", name: token.value };
      case "op":
        if (token.value === "-") return { kind: "neg", operand: this.parsePostfix() };
        break;
      case "punct":
        if (token.value === ".") {
          if (this.is("string")) return { kind: "index", target: { kind: "identity" }, key: { kind: "literal", value: this.next().value } };
          return { kind: "identity" };
        }
        if (token.value === "..") return { kind: "recurse" };
        if (token.value === "(") {
          const inner = this.parsePipe();
          this.expect("punct", ")");
          return inner;
        }
        if (token.value === "[") {
          if (this.is("punct", "]")) {
            this.next();
            return { kind: "array", body: null };
          }
          const body = this.parsePipe();
          this.expect("punct", "]");
          return { kind: "array", body };
        }
        if (token.value === "{") return this.parseObject();
        break;
      case "name":
        return this.parseNamed(token.value);
      default:
        break;
    }
    throw new EvalError("EVALUATION", `jq: unexpected '${token.value || "end of expression"}'`);
  }

  private parseObject(): JqNode {
    const entries: { key: JqNode; value: JqNode }[] = [];
    while (!this.is("punct", "}")) {
      const token = this.next();
      let key: JqNode;
      if (token.type === "name" || token.type === "string") key = { kind: "literal", value: token.value };
      else if (token.type === "var") key = { kind: "literal", value: token.value };
      else if (token.type === "punct" && token.value === "(") {
        key = this.parsePipe();
        this.expect("punct", ")");
      } else throw new EvalError("EVALUATION", `jq: invalid object key '${token.value}'`);
      let value: JqNode;
      if (this.is("punct", ":")) {
        this.next();
        value = this.parseAlternative();
      } else if (token.type === "var") {
        value = { kind: "variable", name: token.value };
      } else {
        value = { kind: "index", target: { kind: "identity" }, key };
      }
      entries.push({ key, value });
      if (!this.is("punct", ",")) break;
      this.next();
    }
    this.expect("punct", "}");
    return { kind: "object", entries };
  }

  private parseNamed(name: string): JqNode {
    if (name === "true") return { kind: "literal", value: true };
    if (name === "false") return { kind: "literal", value: false };
    if (name === "null") return { kind: "literal", value: null };
    if (name === "if") return this.parseIf();
    if (name === "reduce") {
      const source = this.parsePostfix();
      this.expect("name", "as");
      const variable = this.next();
      if (variable.type !== "var") throw new EvalError("EVALUATION", "jq: expected a $variable in reduce");
      this.expect("punct", "(");
      const init = this.parsePipe();
      this.expect("punct", ";");
      const update = this.parsePipe();
      this.expect("punct", ")");
      return { kind: "reduce", source, variable: variable.value, init, update };
    }
    const args: JqNode[] = [];
    if (this.is("punct", "(")) {
      this.next();
      args.push(this.parsePipe());
      while (this.is("punct", ";")) {
        this.next();
        args.push(this.parsePipe());
      }
      this.expect("punct", ")");
    }
    return { kind: "call", name, args };
  }

  private parseIf(): JqNode {
    const branches: { condition: JqNode; then: JqNode }[] = [];
    let condition = this.parsePipe();
    for (;;) {
      this.expect("name", "then");
      branches.push({ condition, then: this.parsePipe() });
      if (this.is("name", "elif")) {
        this.next();
        condition = this.parsePipe();
        continue;
      }
      break;
    }
    let otherwise: JqNode | null = null;
    if (this.is("name", "else")) {
      this.next();
      otherwise = this.parsePipe();
    }
    this.expect("name", "end");
    return { kind: "if", branches, otherwise };
  }
}

type Env = { readonly vars: ReadonlyMap<string, TemplateValue>; readonly charge: (steps: number) => void; readonly maxStringLength: number };

function jqType(value: TemplateValue): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return "number";
  if (typeof value === "string") return "string";
  if (isList(value)) return "array";
  if (value instanceof Date) return "string";
  return "object";
}

const TYPE_ORDER = ["null", "boolean", "number", "string", "array", "object"];

function compareJq(a: TemplateValue, b: TemplateValue): number {
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

function get(map: TemplateValue, key: string): TemplateValue {
  if (!isMap(map)) return null;
  const lookup = readOwn(map, key);
  return lookup.found ? lookup.value : null;
}

function truthy(value: TemplateValue): boolean {
  return value !== null && value !== false;
}

function indexValue(target: TemplateValue, key: TemplateValue): TemplateValue {
  if (target === null) return null;
  if (typeof key === "string" && isMap(target)) return get(target, key);
  if (typeof key === "number" && isList(target)) {
    const items = listItems(target);
    const index = Math.floor(key < 0 ? items.length + key : key);
    return items[index] ?? null;
  }
  throw new EvalError("EVALUATION", `jq: Cannot index ${jqType(target)} with ${typeof key === "string" ? `"${key}"` : jqType(key)}`);
}

function iterate(value: TemplateValue): TemplateValue[] {
  if (isList(value)) return listItems(value);
  if (isMap(value)) return mapEntries(value).map(([, item]) => item);
  throw new EvalError("EVALUATION", `jq: Cannot iterate over ${jqType(value)}`);
}

function arithmetic(op: string, a: TemplateValue, b: TemplateValue, env: Env): TemplateValue {
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

function checkLength(value: string, env: Env): string {
  if (value.length > env.maxStringLength) throw new EvalError("LIMIT", "jq: string too long");
  return value;
}

function tostring(value: TemplateValue, env: Env): string {
  return typeof value === "string" ? value : toJson(value, { maxLength: env.maxStringLength });
}

function evaluate(node: JqNode, input: TemplateValue, env: Env): TemplateValue[] {
  env.charge(1);
  switch (node.kind) {
    case "identity":
      return [input];
    case "recurse": {
      const out: TemplateValue[] = [];
      const walk = (value: TemplateValue, depth: number): void => {
        if (depth > 256) throw new EvalError("LIMIT", "jq: value nested too deeply");
        env.charge(1);
        out.push(value);
        if (isList(value) || isMap(value)) iterate(value).forEach((item) => walk(item, depth + 1));
      };
      walk(input, 0);
      return out;
    }
    case "literal":
      return [node.value];
    case "variable": {
      const value = env.vars.get(node.name);
      if (value === undefined) throw new EvalError("EVALUATION", `jq: $${node.name} is not defined`);
      return [value];
    }
    case "index":
      return evaluate(node.target, input, env).flatMap((target) =>
        evaluate(node.key, input, env).map((key) => indexValue(target, key)),
      );
    case "slice":
      return evaluate(node.target, input, env).map((target) => {
        if (target === null) return null;
        const from = node.from ? evaluate(node.from, input, env)[0] ?? null : null;
        const to = node.to ? evaluate(node.to, input, env)[0] ?? null : null;
        if (typeof target === "string" || isList(target)) {
          const length = target.length;
          const start = typeof from === "number" ? (from < 0 ? length + from : from) : 0;
          const end = typeof to === "number" ? (to < 0 ? length + to : to) : length;
          return typeof target === "string" ? target.slice(start, end) : listItems(target).slice(start, end);
        }
        throw new EvalError("EVALUATION", `jq: Cannot slice ${jqType(target)}`);
      });
    case "iterate":
      return evaluate(node.target, input, env).flatMap((target) => iterate(target));
    case "try":
      try {
        return evaluate(node.body, input, env);
      } catch (error) {
        if (error instanceof EvalError && error.code === "LIMIT") throw error;
        return [];
      }
    case "pipe":
      return evaluate(node.left, input, env).flatMap((value) => evaluate(node.right, value, env));
    case "comma":
      return [...evaluate(node.left, input, env), ...evaluate(node.right, input, env)];
    case "neg":
      return evaluate(node.operand, input, env).map((value) => {
        if (typeof value !== "number") throw new EvalError("EVALUATION", `jq: ${jqType(value)} cannot be negated`);
        return -value;
      });
    case "binary":
      return evaluateBinary(node, input, env);
    case "array":
      return [node.body ? evaluate(node.body, input, env) : []];
    case "object": {
      let results: [string, TemplateValue][][] = [[]];
      for (const entry of node.entries) {
        const keys = evaluate(entry.key, input, env);
        const values = evaluate(entry.value, input, env);
        const next: [string, TemplateValue][][] = [];
        for (const partial of results) {
          for (const key of keys) {
            if (typeof key !== "string") throw new EvalError("EVALUATION", `jq: Object keys must be strings`);
            for (const value of values) next.push([...partial, [key, value]]);
          }
        }
        results = next;
      }
      return results.map((entries) => newMap(entries));
    }
    case "if": {
      const run = (index: number, value: TemplateValue): TemplateValue[] => {
        const branch = node.branches[index];
        if (!branch) return node.otherwise ? evaluate(node.otherwise, value, env) : [value];
        return evaluate(branch.condition, value, env).flatMap((condition) =>
          truthy(condition) ? evaluate(branch.then, value, env) : run(index + 1, value),
        );
      };
      return run(0, input);
    }
    case "reduce": {
      let accumulators = evaluate(node.init, input, env);
      for (const item of evaluate(node.source, input, env)) {
        const vars = new Map(env.vars).set(node.variable, item);
        accumulators = accumulators.flatMap((acc) => evaluate(node.update, acc, { ...env, vars }));
      }
      return accumulators.slice(-1);
    }
    case "as":
      return evaluate(node.source, input, env).flatMap((value) =>
        evaluate(node.body, input, { ...env, vars: new Map(env.vars).set(node.variable, value) }),
      );
    case "call":
      return callBuiltin(node.name, node.args, input, env);
    default:
      return [];
  }
}

function evaluateBinary(node: Extract<JqNode, { kind: "binary" }>, input: TemplateValue, env: Env): TemplateValue[] {
  if (node.op === "//") {
    const left = (() => {
      try {
        return evaluate(node.left, input, env).filter(truthy);
      } catch (error) {
        if (error instanceof EvalError && error.code === "LIMIT") throw error;
        return [];
      }
    })();
    return left.length > 0 ? left : evaluate(node.right, input, env);
  }
  if (node.op === "and" || node.op === "or") {
    return evaluate(node.left, input, env).flatMap((left) => {
      if (node.op === "and" && !truthy(left)) return [false];
      if (node.op === "or" && truthy(left)) return [true];
      return evaluate(node.right, input, env).map(truthy);
    });
  }
  const rights = evaluate(node.right, input, env);
  return evaluate(node.left, input, env).flatMap((left) =>
    rights.map((right) => {
      switch (node.op) {
        case "==":
          return compareJq(left, right) === 0;
        case "!=":
          return compareJq(left, right) !== 0;
        case "<":
          return compareJq(left, right) < 0;
        case "<=":
          return compareJq(left, right) <= 0;
        case ">":
          return compareJq(left, right) > 0;
        case ">=":
          return compareJq(left, right) >= 0;
        default:
          return arithmetic(node.op, left, right, env);
      }
    }),
  );
}

function sortBy(items: TemplateValue[], keyOf: (item: TemplateValue) => TemplateValue): TemplateValue[] {
  return items
    .map((item) => ({ item, key: keyOf(item) }))
    .sort((a, b) => compareJq(a.key, b.key))
    .map(({ item }) => item);
}

function callBuiltin(name: string, args: JqNode[], input: TemplateValue, env: Env): TemplateValue[] {
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
      return callBuiltin("from_entries", [], entries, env);
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

const programCache = new Map<string, JqNode>();

/** Run a jq program on `input`; every output becomes an item of the returned list. */
export function runJq(
  program: string,
  input: TemplateValue,
  options: { charge: (steps: number) => void; maxStringLength: number },
): TemplateValue[] {
  let compiled = programCache.get(program);
  if (!compiled) {
    if (program.length > 10_000) throw new EvalError("LIMIT", "jq program too long");
    compiled = new JqParser(lexJq(program)).parseProgram();
    if (programCache.size > 500) programCache.clear();
    programCache.set(program, compiled);
  }
  return evaluate(compiled, input, { vars: new Map(), charge: options.charge, maxStringLength: options.maxStringLength });
}
