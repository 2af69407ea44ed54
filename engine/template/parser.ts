/**
 * Parser: tokens → syntax tree. Template structure (`if`, `for`, `set`, `filter`) by recursive
 * descent, expressions by precedence climbing with Pebble's precedences (`or` 10, `and` 15,
 * `is`/`contains` 20, comparisons 30, `+ -` 40, `* / %` 60, `|` 100, `~` 110, `..`/`??` 120,
 * unary `not`, `-` and `+` 500), plus Kestra's `??`, `???` and `isIn`/`notIn`.
 *
 * Method calls (`a.b()`) are rejected here: templates call only named functions, never
 * something found in data.
 */
import type { Args, BinaryOperator, Expr, FilterCall, Node, Template } from "./ast";
import { TemplateSyntaxError, tokenize, tokenizeExpression, type LexOptions, type Token } from "./lexer";

/** Deeper nesting than this is refused, so a hostile template cannot exhaust the JS stack. */
const MAX_NESTING = 100;
/** Deepest expression tree: the evaluator recurses once per level (`1 + 1 + ... + 1` is deep too). */
const MAX_EXPRESSION_DEPTH = 256;

function children(expr: Expr): Expr[] {
  switch (expr.type) {
    case "literal":
    case "name":
      return [];
    case "interpolation":
      return expr.parts.filter((part): part is Expr => typeof part !== "string");
    case "list":
      return [...expr.items];
    case "map":
      return expr.entries.flatMap((entry) => [entry.key, entry.value]);
    case "member":
      return [expr.object, expr.property];
    case "call":
      return [...expr.args.positional, ...expr.args.named.map((arg) => arg.value)];
    case "filter":
    case "test":
      return [expr.input, ...expr.args.positional, ...expr.args.named.map((arg) => arg.value)];
    case "unary":
      return [expr.operand];
    case "binary":
      return [expr.left, expr.right];
    case "ternary":
      return [expr.condition, expr.then, expr.otherwise];
  }
}

/** Depth of an expression tree, measured without recursion so measuring cannot overflow either. */
function expressionDepth(root: Expr): number {
  let deepest = 0;
  const stack: [Expr, number][] = [[root, 1]];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [expr, depth] = entry;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_EXPRESSION_DEPTH) return deepest;
    for (const child of children(expr)) stack.push([child, depth + 1]);
  }
  return deepest;
}

type BinarySpec = { precedence: number; operator: BinaryOperator };

const BINARY_SYMBOLS: Record<string, BinarySpec> = {
  "==": { precedence: 30, operator: "==" },
  "!=": { precedence: 30, operator: "!=" },
  "<": { precedence: 30, operator: "<" },
  ">": { precedence: 30, operator: ">" },
  "<=": { precedence: 30, operator: "<=" },
  ">=": { precedence: 30, operator: ">=" },
  "+": { precedence: 40, operator: "+" },
  "-": { precedence: 40, operator: "-" },
  "*": { precedence: 60, operator: "*" },
  "/": { precedence: 60, operator: "/" },
  "%": { precedence: 60, operator: "%" },
  "~": { precedence: 110, operator: "~" },
  "..": { precedence: 120, operator: ".." },
  "??": { precedence: 120, operator: "??" },
  "???": { precedence: 120, operator: "???" },
};

const BINARY_WORDS: Record<string, BinarySpec> = {
  or: { precedence: 10, operator: "or" },
  and: { precedence: 15, operator: "and" },
  contains: { precedence: 20, operator: "contains" },
  equals: { precedence: 30, operator: "==" },
  in: { precedence: 30, operator: "in" },
  isIn: { precedence: 30, operator: "in" },
  notIn: { precedence: 30, operator: "notIn" },
};

const IS_PRECEDENCE = 20;
const FILTER_PRECEDENCE = 100;
const NOT_PRECEDENCE = 500;
const UNARY_SIGN_PRECEDENCE = 500;

const END_TAGS: Record<string, readonly string[]> = {
  if: ["elseif", "else", "endif"],
  for: ["else", "endfor"],
  filter: ["endfilter"],
};

export function parseTemplate(source: string, options: LexOptions = {}): Template {
  const parser = new Parser(tokenize(source, options));
  const nodes = parser.parseBody([]).nodes;
  return { source, nodes };
}

/** A bare expression such as `inputs.x == 1`, as used by `evaluateExpression`. */
export function parseExpression(source: string): Expr {
  const parser = new Parser(tokenizeExpression(source));
  const expr = parser.parseFullExpression();
  parser.expectEof();
  return expr;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(ahead = 0): Token {
    const token = this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
    if (!token) throw new TemplateSyntaxError("Unexpected end of template", 0);
    return token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new TemplateSyntaxError(message, token.offset);
  }

  private describe(token: Token): string {
    switch (token.kind) {
      case "eof":
        return "end of template";
      case "printEnd":
        return '"}}"';
      case "tagEnd":
        return '"%}"';
      case "name":
      case "operator":
      case "punctuation":
        return `"${token.value}"`;
      case "number":
        return `"${token.value}"`;
      case "string":
        return "string";
      default:
        return token.kind;
    }
  }

  private isPunctuation(value: string, token: Token = this.peek()): boolean {
    return token.kind === "punctuation" && token.value === value;
  }

  private expectPunctuation(value: string): Token {
    const token = this.peek();
    if (!this.isPunctuation(value, token)) this.fail(`Expected "${value}" but found ${this.describe(token)}`);
    return this.next();
  }

  private expectName(what: string): Extract<Token, { kind: "name" }> {
    const token = this.peek();
    if (token.kind !== "name") this.fail(`Expected ${what} but found ${this.describe(token)}`);
    this.next();
    return token;
  }

  expectEof(): void {
    const token = this.peek();
    if (token.kind !== "eof") this.fail(`Unexpected ${this.describe(token)}`);
  }

  private enter(token: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING) this.fail(`Template nested deeper than ${MAX_NESTING} levels`, token);
  }

  private leave(): void {
    this.depth--;
  }

  // ---- template structure ----

  /** Nodes until one of `stopTags` (returned, tag name consumed) or the end of the template. */
  parseBody(stopTags: readonly string[]): { nodes: Node[]; stop: string | null; stopToken: Token | null } {
    const nodes: Node[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === "eof") {
        if (stopTags.length > 0) this.fail(`Unexpected end of template, expected ${stopTags.map((t) => `"${t}"`).join(" or ")}`);
        return { nodes, stop: null, stopToken: null };
      }
      if (token.kind === "text") {
        this.next();
        nodes.push({ type: "text", value: token.value, offset: token.offset });
        continue;
      }
      if (token.kind === "printStart") {
        this.next();
        const expr = this.parseFullExpression();
        const end = this.peek();
        if (end.kind !== "printEnd") this.fail(`Unexpected ${this.describe(end)} in print, expected "}}"`);
        this.next();
        nodes.push({ type: "print", expr, offset: token.offset });
        continue;
      }
      if (token.kind === "tagStart") {
        const name = this.peek(1);
        if (name.kind === "name" && stopTags.includes(name.value)) {
          this.next();
          this.next();
          return { nodes, stop: name.value, stopToken: token };
        }
        nodes.push(this.parseTag());
        continue;
      }
      this.fail(`Unexpected ${this.describe(token)}`);
    }
  }

  private expectTagEnd(): void {
    const token = this.peek();
    if (token.kind !== "tagEnd") this.fail(`Unexpected ${this.describe(token)}, expected "%}"`);
    this.next();
  }

  private parseTag(): Node {
    const start = this.next();
    this.enter(start);
    const name = this.expectName("a tag name");
    let node: Node;
    switch (name.value) {
      case "if":
        node = this.parseIf(start);
        break;
      case "for":
        node = this.parseFor(start);
        break;
      case "set":
        node = this.parseSet(start);
        break;
      case "filter":
        node = this.parseFilterBlock(start);
        break;
      default:
        if (Object.values(END_TAGS).some((tags) => tags.includes(name.value))) {
          this.fail(`Unexpected "${name.value}" tag`, name);
        }
        this.fail(`Unknown tag "${name.value}"`, name);
    }
    this.leave();
    return node;
  }

  private parseIf(start: Token): Node {
    const branches: { condition: Expr; body: Node[] }[] = [];
    let condition = this.parseFullExpression();
    let otherwise: Node[] | null = null;
    for (;;) {
      this.expectTagEnd();
      const body = this.parseBody(END_TAGS.if ?? []);
      branches.push({ condition, body: body.nodes });
      if (body.stop === "elseif") {
        condition = this.parseFullExpression();
        continue;
      }
      if (body.stop === "else") {
        this.expectTagEnd();
        const rest = this.parseBody(["endif"]);
        otherwise = rest.nodes;
      }
      this.expectTagEnd();
      return { type: "if", branches, otherwise, offset: start.offset };
    }
  }

  private parseFor(start: Token): Node {
    const variable = this.expectName("a loop variable").value;
    const keyword = this.peek();
    if (!(keyword.kind === "name" && keyword.value === "in")) this.fail(`Expected "in" but found ${this.describe(keyword)}`);
    this.next();
    const iterable = this.parseFullExpression();
    this.expectTagEnd();
    const body = this.parseBody(END_TAGS.for ?? []);
    let otherwise: Node[] | null = null;
    if (body.stop === "else") {
      this.expectTagEnd();
      otherwise = this.parseBody(["endfor"]).nodes;
    }
    this.expectTagEnd();
    return { type: "for", variable, iterable, body: body.nodes, otherwise, offset: start.offset };
  }

  private parseSet(start: Token): Node {
    const name = this.expectName("a variable name").value;
    this.expectPunctuation("=");
    const expr = this.parseFullExpression();
    this.expectTagEnd();
    return { type: "set", name, expr, offset: start.offset };
  }

  private parseFilterBlock(start: Token): Node {
    const filters: FilterCall[] = [];
    for (;;) {
      const name = this.expectName("a filter name");
      filters.push({ name: name.value, args: this.parseOptionalArgs(), offset: name.offset });
      if (!this.isPunctuation("|")) break;
      this.next();
    }
    this.expectTagEnd();
    const body = this.parseBody(END_TAGS.filter ?? []);
    this.expectTagEnd();
    return { type: "filterBlock", filters, body: body.nodes, offset: start.offset };
  }

  // ---- expressions ----

  /** An expression including the ternary `a ? b : c` (right-associative, lowest precedence). */
  parseFullExpression(): Expr {
    const start = this.peek();
    const result = this.parseTernary(start);
    // Bracket nesting is bounded by `enter`, but operator chains build depth without nesting.
    if (expressionDepth(result) > MAX_EXPRESSION_DEPTH) {
      this.fail(`Expression nested deeper than ${MAX_EXPRESSION_DEPTH} levels`, start);
    }
    return result;
  }

  private parseTernary(start: Token): Expr {
    this.enter(start);
    const condition = this.parseBinary(0);
    let result = condition;
    if (this.isPunctuation("?")) {
      this.next();
      const then = this.parseFullExpression();
      this.expectPunctuation(":");
      const otherwise = this.parseFullExpression();
      result = { type: "ternary", condition, then, otherwise, offset: condition.offset };
    }
    this.leave();
    return result;
  }

  private binarySpec(token: Token): BinarySpec | null {
    if (token.kind === "operator") return BINARY_SYMBOLS[token.value] ?? null;
    if (token.kind === "name") return Object.hasOwn(BINARY_WORDS, token.value) ? (BINARY_WORDS[token.value] ?? null) : null;
    return null;
  }

  private parseBinary(minPrecedence: number): Expr {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      if (this.isPunctuation("|", token)) {
        if (FILTER_PRECEDENCE < minPrecedence) break;
        this.next();
        const name = this.expectName("a filter name");
        left = { type: "filter", input: left, name: name.value, args: this.parseOptionalArgs(), offset: name.offset };
        continue;
      }
      if (token.kind === "name" && token.value === "is") {
        if (IS_PRECEDENCE < minPrecedence) break;
        this.next();
        left = this.parseTest(left);
        continue;
      }
      const spec = this.binarySpec(token);
      if (!spec || spec.precedence < minPrecedence) break;
      this.next();
      this.enter(token);
      const right = this.parseBinary(spec.precedence + 1);
      this.leave();
      left = { type: "binary", operator: spec.operator, left, right, offset: token.offset };
    }
    return left;
  }

  private parseTest(input: Expr): Expr {
    let negated = false;
    const maybeNot = this.peek();
    if (maybeNot.kind === "name" && maybeNot.value === "not") {
      negated = true;
      this.next();
    }
    const nameToken = this.peek();
    // `null` is a literal keyword elsewhere but a test name here.
    if (nameToken.kind !== "name") this.fail(`Expected a test name but found ${this.describe(nameToken)}`);
    this.next();
    return { type: "test", input, name: nameToken.value, args: this.parseOptionalArgs(), negated, offset: nameToken.offset };
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (token.kind === "name" && token.value === "not") {
      this.next();
      this.enter(token);
      const operand = this.parseBinary(NOT_PRECEDENCE);
      this.leave();
      return { type: "unary", operator: "not", operand, offset: token.offset };
    }
    if (token.kind === "operator" && (token.value === "-" || token.value === "+")) {
      this.next();
      this.enter(token);
      const operand = this.parseBinary(UNARY_SIGN_PRECEDENCE);
      this.leave();
      return { type: "unary", operator: token.value, operand, offset: token.offset };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePrimary(): Expr {
    const token = this.next();
    switch (token.kind) {
      case "number":
        return { type: "literal", value: token.value, float: token.float, offset: token.offset };
      case "string":
        return { type: "literal", value: token.value, float: false, offset: token.offset };
      case "interpolated":
        return this.parseInterpolation(token);
      case "name":
        return this.parseNamePrimary(token);
      case "punctuation":
        if (token.value === "(") {
          const inner = this.parseFullExpression();
          this.expectPunctuation(")");
          return inner;
        }
        if (token.value === "[") return this.parseList(token);
        if (token.value === "{") return this.parseMap(token);
        break;
      default:
        break;
    }
    return this.fail(`Unexpected ${this.describe(token)}`, token);
  }

  private parseNamePrimary(token: Extract<Token, { kind: "name" }>): Expr {
    switch (token.value) {
      case "true":
        return { type: "literal", value: true, float: false, offset: token.offset };
      case "false":
        return { type: "literal", value: false, float: false, offset: token.offset };
      case "null":
      case "none":
        return { type: "literal", value: null, float: false, offset: token.offset };
      default:
        break;
    }
    if (this.isPunctuation("(")) {
      return { type: "call", name: token.value, args: this.parseArgs(), offset: token.offset };
    }
    return { type: "name", name: token.value, offset: token.offset };
  }

  private parseInterpolation(token: Extract<Token, { kind: "interpolated" }>): Expr {
    const parts = token.parts.map((part) => {
      if (typeof part === "string") return part;
      const inner = new Parser(tokenizeExpression(part.source, part.offset));
      inner.depth = this.depth;
      const expr = inner.parseFullExpression();
      inner.expectEof();
      return expr;
    });
    return { type: "interpolation", parts, offset: token.offset };
  }

  private parseList(open: Token): Expr {
    const items: Expr[] = [];
    while (!this.isPunctuation("]")) {
      items.push(this.parseFullExpression());
      if (!this.isPunctuation(",")) break;
      this.next();
    }
    this.expectPunctuation("]");
    return { type: "list", items, offset: open.offset };
  }

  /** `{ 'a': 1, b: 2 }`: a bare name as key means the string, as in Twig. */
  private parseMap(open: Token): Expr {
    const entries: { key: Expr; value: Expr }[] = [];
    while (!this.isPunctuation("}")) {
      const keyToken = this.peek();
      let key: Expr;
      if (keyToken.kind === "name" && this.isPunctuation(":", this.peek(1))) {
        this.next();
        key = { type: "literal", value: keyToken.value, float: false, offset: keyToken.offset };
      } else {
        key = this.parseBinary(0);
      }
      this.expectPunctuation(":");
      entries.push({ key, value: this.parseFullExpression() });
      if (!this.isPunctuation(",")) break;
      this.next();
    }
    this.expectPunctuation("}");
    return { type: "map", entries, offset: open.offset };
  }

  private parsePostfix(base: Expr): Expr {
    let expr = base;
    for (;;) {
      const token = this.peek();
      if (this.isPunctuation(".", token)) {
        this.next();
        const property = this.next();
        let name: string;
        if (property.kind === "name") name = property.value;
        else if (property.kind === "number" && !property.float) name = String(property.value);
        else this.fail(`Expected an attribute name after "." but found ${this.describe(property)}`, property);
        if (this.isPunctuation("(")) {
          this.fail(`Method calls are not allowed in templates ("${name}(...)")`, property);
        }
        expr = {
          type: "member",
          object: expr,
          property: { type: "literal", value: name, float: false, offset: property.offset },
          offset: property.offset,
        };
        continue;
      }
      if (this.isPunctuation("[", token)) {
        this.next();
        const property = this.parseFullExpression();
        this.expectPunctuation("]");
        expr = { type: "member", object: expr, property, offset: token.offset };
        if (this.isPunctuation("(")) this.fail("Calling a value is not allowed in templates");
        continue;
      }
      if (this.isPunctuation("(", token)) this.fail("Calling a value is not allowed in templates");
      return expr;
    }
  }

  private parseOptionalArgs(): Args {
    return this.isPunctuation("(") ? this.parseArgs() : { positional: [], named: [] };
  }

  /** `(a, b, name=c)`: named arguments come after positional ones, as in Pebble. */
  private parseArgs(): Args {
    this.expectPunctuation("(");
    const positional: Expr[] = [];
    const named: { name: string; value: Expr }[] = [];
    while (!this.isPunctuation(")")) {
      const token = this.peek();
      if (token.kind === "name" && this.isPunctuation("=", this.peek(1))) {
        this.next();
        this.next();
        named.push({ name: token.value, value: this.parseFullExpression() });
      } else {
        if (named.length > 0) this.fail("Positional arguments must come before named arguments", token);
        positional.push(this.parseFullExpression());
      }
      if (!this.isPunctuation(",")) break;
      this.next();
    }
    this.expectPunctuation(")");
    return { positional, named };
  }
}
