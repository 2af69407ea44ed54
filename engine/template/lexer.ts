/**
 * Tokenizer for Pebble templates: splits text from `{{ print }}`, `{% tag %}` and `{# comment #}`
 * regions, applies whitespace control (`{{-`, `-}}`), keeps `{% raw %}` bodies verbatim, and
 * tokenizes the expressions inside delimiters the way Pebble's LexerImpl does (operators before
 * names, brackets tracked so `}}` inside a map literal does not close the print).
 */
import { EvalError } from "./errors";

export type InterpolationPart = string | { source: string; offset: number };

export type Token =
  | { kind: "text"; value: string; offset: number }
  | { kind: "printStart"; offset: number }
  | { kind: "printEnd"; offset: number }
  | { kind: "tagStart"; offset: number }
  | { kind: "tagEnd"; offset: number }
  | { kind: "name"; value: string; offset: number }
  | { kind: "number"; value: number; float: boolean; offset: number }
  | { kind: "string"; value: string; offset: number }
  | { kind: "interpolated"; parts: InterpolationPart[]; offset: number }
  | { kind: "operator"; value: string; offset: number }
  | { kind: "punctuation"; value: string; offset: number }
  | { kind: "eof"; offset: number };

/** Error raised while lexing or parsing, carrying the offset it happened at. */
export class TemplateSyntaxError extends EvalError {
  readonly offset: number;
  constructor(reason: string, offset: number) {
    super("SYNTAX", reason);
    this.offset = offset;
  }
}

export type LexOptions = {
  /**
   * Emit `{% raw %}...{% endraw %}` blocks with their tags, as Kestra does between the passes
   * of recursive rendering so raw content is never rendered by a later pass.
   */
  keepRawTags?: boolean;
};

// Longest first, as Pebble sorts its operator regex, so `???` wins over `??` and `==` over `=`.
const SYMBOL_OPERATORS = ["???", "??", "..", "==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "~"];
const PUNCTUATION = "()[]{}?:.,|=";
const RAW_OPEN = /\{%(-?)\s*(raw|verbatim)\s*(-?)%\}/y;
const IDENTIFIER = /[\p{L}_][\p{L}\p{N}_]*/uy;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const LONG = /[0-9]+[lL](?![\p{L}\p{N}_])/uy;

/** Java's `String.trim` family trims every char <= U+0020; Pebble's trim uses whitespace. */
function rtrim(text: string): string {
  return text.replace(/\s+$/u, "");
}
function ltrim(text: string): string {
  return text.replace(/^\s+/u, "");
}

export function tokenize(source: string, options: LexOptions = {}): Token[] {
  return new Lexer(source, options).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private trimNextText = false;

  constructor(
    private readonly source: string,
    private readonly options: LexOptions,
  ) {}

  run(): Token[] {
    while (this.pos < this.source.length) this.lexData();
    this.tokens.push({ kind: "eof", offset: this.source.length });
    return this.tokens;
  }

  private pushText(value: string, offset: number): void {
    let text = value;
    if (this.trimNextText) {
      text = ltrim(text);
      this.trimNextText = false;
    }
    if (text.length > 0) this.tokens.push({ kind: "text", value: text, offset });
  }

  /** Text up to the next delimiter, then the delimited region. */
  private lexData(): void {
    const start = this.pos;
    const next = this.findOpenDelimiter(start);
    if (next === -1) {
      this.pushText(this.source.slice(start), start);
      this.pos = this.source.length;
      return;
    }
    let text = this.source.slice(start, next);
    const delimiter = this.source.slice(next, next + 2);
    const trimBefore = this.source[next + 2] === "-";
    if (trimBefore) text = rtrim(text);
    // ltrim of a previous `-}}` applies before the rtrim of this `{{-`: both on the same text.
    this.pushText(text, start);
    if (delimiter === "{%" && this.lexRaw(next)) return;
    this.pos = next + 2 + (trimBefore ? 1 : 0);
    if (delimiter === "{#") this.lexComment(next);
    else if (delimiter === "{{") this.lexRegion(next, "print");
    else this.lexRegion(next, "tag");
  }

  private findOpenDelimiter(from: number): number {
    for (let i = from; i < this.source.length - 1; i++) {
      if (this.source[i] !== "{") continue;
      const second = this.source[i + 1];
      if (second === "{" || second === "%" || second === "#") return i;
    }
    return -1;
  }

  private lexComment(open: number): void {
    const close = this.source.indexOf("#}", this.pos);
    if (close === -1) throw new TemplateSyntaxError("Unclosed comment.", open);
    if (this.source[close - 1] === "-" && close - 1 >= this.pos) this.trimNextText = true;
    this.pos = close + 2;
  }

  /** `{% raw %}...{% endraw %}` (Kestra) and `{% verbatim %}` (Pebble): the body is never lexed. */
  private lexRaw(open: number): boolean {
    RAW_OPEN.lastIndex = open;
    const match = RAW_OPEN.exec(this.source);
    if (!match) return false;
    const tag = match[2];
    const closing = new RegExp(`\\{%(-?)\\s*end${tag}\\s*(-?)%\\}`, "g");
    closing.lastIndex = open + match[0].length;
    const end = closing.exec(this.source);
    if (!end) throw new TemplateSyntaxError(`Unclosed ${tag} tag.`, open);
    const bodyStart = open + match[0].length;
    if (this.options.keepRawTags) {
      this.tokens.push({ kind: "text", value: this.source.slice(open, end.index + end[0].length), offset: open });
    } else {
      let body = this.source.slice(bodyStart, end.index);
      if (match[3] === "-") body = ltrim(body);
      if (end[1] === "-") body = rtrim(body);
      if (body.length > 0) this.tokens.push({ kind: "text", value: body, offset: bodyStart });
    }
    this.trimNextText = end[2] === "-";
    this.pos = end.index + end[0].length;
    return true;
  }

  /** Tokens of one `{{ }}` or `{% %}` region, until its closing delimiter at bracket depth 0. */
  private lexRegion(open: number, region: "print" | "tag"): void {
    const closer = region === "print" ? "}}" : "%}";
    this.tokens.push({ kind: region === "print" ? "printStart" : "tagStart", offset: open });
    const brackets: { char: string; offset: number }[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.pos >= this.source.length) {
        throw new TemplateSyntaxError(region === "print" ? "Unclosed print delimiter '{{'." : "Unclosed tag '{%'.", open);
      }
      if (brackets.length === 0) {
        if (this.source.startsWith(`-${closer}`, this.pos)) {
          this.trimNextText = true;
          this.closeRegion(region, 3);
          return;
        }
        if (this.source.startsWith(closer, this.pos)) {
          this.closeRegion(region, 2);
          return;
        }
      }
      this.lexExpressionToken(brackets);
    }
  }

  private closeRegion(region: "print" | "tag", width: number): void {
    this.tokens.push({ kind: region === "print" ? "printEnd" : "tagEnd", offset: this.pos });
    this.pos += width;
  }

  private skipWhitespace(): void {
    while (this.pos < this.source.length && /\s/u.test(this.source[this.pos] ?? "")) this.pos++;
  }

  private lexExpressionToken(brackets: { char: string; offset: number }[]): void {
    const offset = this.pos;
    const rest = this.source;
    for (const operator of SYMBOL_OPERATORS) {
      if (rest.startsWith(operator, offset)) {
        this.tokens.push({ kind: "operator", value: operator, offset });
        this.pos += operator.length;
        return;
      }
    }
    const name = this.matchSticky(IDENTIFIER, offset);
    if (name !== null) {
      this.tokens.push({ kind: "name", value: name, offset });
      this.pos += name.length;
      return;
    }
    const long = this.matchSticky(LONG, offset);
    if (long !== null) {
      this.tokens.push({ kind: "number", value: Number(long.slice(0, -1)), float: false, offset });
      this.pos += long.length;
      return;
    }
    const number = this.matchSticky(NUMBER, offset);
    if (number !== null) {
      this.tokens.push({ kind: "number", value: Number(number), float: number.includes("."), offset });
      this.pos += number.length;
      return;
    }
    const char = rest[offset] ?? "";
    if (PUNCTUATION.includes(char)) {
      this.trackBracket(char, offset, brackets);
      this.tokens.push({ kind: "punctuation", value: char, offset });
      this.pos += 1;
      return;
    }
    if (char === "'" || char === '"') {
      this.lexString(char, offset);
      return;
    }
    throw new TemplateSyntaxError(`Unexpected character [${char}]`, offset);
  }

  private matchSticky(pattern: RegExp, offset: number): string | null {
    pattern.lastIndex = offset;
    const match = pattern.exec(this.source);
    return match ? match[0] : null;
  }

  private trackBracket(char: string, offset: number, brackets: { char: string; offset: number }[]): void {
    if ("([{".includes(char)) {
      brackets.push({ char, offset });
      return;
    }
    if (!")]}".includes(char)) return;
    const open = brackets.pop();
    if (!open) throw new TemplateSyntaxError(`Unexpected "${char}"`, offset);
    const expected = open.char === "(" ? ")" : open.char === "[" ? "]" : "}";
    if (expected !== char) throw new TemplateSyntaxError(`Unclosed "${expected}"`, offset);
  }

  /**
   * Pebble strings: `\\` and the escaped quote are unescaped, any other backslash stays (so
   * regex arguments like `'\.'` survive). Double-quoted strings interpolate `#{expression}`.
   */
  private lexString(quote: string, offset: number): void {
    const parts: InterpolationPart[] = [];
    let buffer = "";
    let i = offset + 1;
    for (;;) {
      if (i >= this.source.length) throw new TemplateSyntaxError(`Unclosed string literal`, offset);
      const char = this.source[i];
      if (char === "\\") {
        const next = this.source[i + 1];
        if (next === quote || next === "\\") {
          buffer += next;
          i += 2;
        } else {
          buffer += char;
          i += 1;
        }
        continue;
      }
      if (char === quote) break;
      if (quote === '"' && char === "#" && this.source[i + 1] === "{") {
        const end = this.findInterpolationEnd(i + 2);
        if (buffer) parts.push(buffer);
        buffer = "";
        parts.push({ source: this.source.slice(i + 2, end), offset: i + 2 });
        i = end + 1;
        continue;
      }
      buffer += char;
      i += 1;
    }
    this.pos = i + 1;
    if (parts.length === 0) {
      this.tokens.push({ kind: "string", value: buffer, offset });
      return;
    }
    if (buffer) parts.push(buffer);
    this.tokens.push({ kind: "interpolated", parts, offset });
  }

  /** Matching `}` of a `#{`, skipping nested braces and quoted strings. */
  private findInterpolationEnd(from: number): number {
    let depth = 0;
    let quote: string | null = null;
    for (let i = from; i < this.source.length; i++) {
      const char = this.source[i];
      if (quote) {
        if (char === "\\") i++;
        else if (char === quote) quote = null;
        continue;
      }
      if (char === "'" || char === '"') quote = char;
      else if (char === "{") depth++;
      else if (char === "}") {
        if (depth === 0) return i;
        depth--;
      }
    }
    throw new TemplateSyntaxError("Unclosed string interpolation '#{'", from - 2);
  }
}

/** Tokens of a bare expression (no delimiters), for `evaluateExpression` and `#{}` parts. */
export function tokenizeExpression(source: string, baseOffset = 0): Token[] {
  // Spaces keep a leading `-` (`-1`) from reading as the `{{-` whitespace-control marker.
  const tokens = tokenize(`{{ ${source} }}`);
  const inner = tokens.slice(1, -2);
  const delimiterInside = inner.some((token) => !EXPRESSION_KINDS.has(token.kind));
  if (tokens[0]?.kind !== "printStart" || tokens[tokens.length - 2]?.kind !== "printEnd" || delimiterInside) {
    throw new TemplateSyntaxError("Invalid expression", baseOffset);
  }
  return [
    ...inner.map((token) => ({ ...token, offset: Math.max(token.offset - 3, 0) + baseOffset })),
    { kind: "eof", offset: baseOffset + source.length },
  ];
}

const EXPRESSION_KINDS = new Set<Token["kind"]>(["name", "number", "string", "interpolated", "operator", "punctuation"]);
