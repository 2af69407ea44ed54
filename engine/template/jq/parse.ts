/** jq programs → syntax tree: a small recursive-descent parser with a depth limit. */
import { EvalError } from "../errors";
import type { TemplateValue } from "../values";

export type JqNode =
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

export function parseJq(program: string): JqNode {
  return new JqParser(lexJq(program)).parseProgram();
}
