import { isScalar, LineCounter, parseAllDocuments, Parser, type Document } from "yaml";

/** Largest flow source accepted, in UTF-8 bytes. */
export const MAX_FLOW_SOURCE_BYTES = 1024 * 1024;
/** Largest body of several `---` documents (validate and bulk endpoints). */
export const MAX_BULK_SOURCE_BYTES = 16 * MAX_FLOW_SOURCE_BYTES;
/**
 * Alias budget handed to yaml's `maxAliasCount`: aliases are weighted by the
 * size of what they expand to, so a billion-laughs document fails early
 * while a few `<<: *defaults` merges pass.
 */
const MAX_ALIAS_COUNT = 100;
/** Deepest nesting of maps and lists; a flow nested deeper is surely an attack. */
export const MAX_DEPTH = 128;

export type SourceErrorCode =
  | "too_large"
  | "yaml_syntax"
  | "multiple_documents"
  | "empty"
  | "alias_limit"
  | "too_deep";

/** An error about the source as a whole or its YAML syntax (1-based line/column). */
export type SourceError = {
  code: SourceErrorCode;
  path: string;
  message: string;
  line: number;
  column: number;
};

export type ParsedYaml = {
  value: unknown;
  doc: Document.Parsed;
  lineCounter: LineCounter;
};

export type ParseResult = ({ ok: true } & ParsedYaml) | { ok: false; errors: SourceError[] };

const YAML_OPTIONS = {
  prettyErrors: true,
  uniqueKeys: true,
  // Kestra (SnakeYAML) honours `<<` merge keys; YAML 1.2 core does not by default.
  merge: true,
} as const;

function sourceError(code: SourceErrorCode, message: string, line = 1, column = 1): SourceError {
  return { code, path: "", message, line, column };
}

/** UTF-8 length, stopping as soon as it passes `limit`. */
function utf8LengthOver(source: string, limit: number): boolean {
  if (source.length > limit) return true;
  if (source.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

function tooLarge(limit: number): SourceError {
  return sourceError("too_large", `source is larger than ${limit / 1024 / 1024} MiB`);
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  const c = doc.contents;
  return c === null || (isScalar(c) && c.value === null && c.source === "");
}

/** Strips yaml's "at line X, column Y:" excerpt: line and column are separate fields. */
function shortMessage(message: string): string {
  const cut = message.indexOf(" at line ");
  return cut === -1 ? message : message.slice(0, cut);
}

/** Offset of the quoted scalar that runs up to `end` without its closing quote, if any. */
function unclosedQuoteAt(source: string, end: number): number | undefined {
  let found: number | undefined;
  const visit = (node: unknown, depth: number) => {
    if (typeof node !== "object" || node === null || depth > MAX_DEPTH) return;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if ((token.type === "double-quoted-scalar" || token.type === "single-quoted-scalar") && typeof token.offset === "number") {
      const text = typeof token.source === "string" ? token.source : "";
      const closed = text.length > 1 && text.endsWith(text[0]);
      if (!closed && token.offset <= end && (found === undefined || token.offset > found)) found = token.offset;
    }
    for (const child of Object.values(node)) visit(child, depth + 1);
  };
  try {
    for (const token of new Parser().parse(source)) visit(token, 0);
  } catch {
    return undefined;
  }
  return found;
}

function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Parses one YAML document with positions kept for error reporting. Never
 * throws: oversized sources, syntax errors, several documents, alias bombs
 * and absurd nesting come back as errors.
 */
export function parseYaml(source: string): ParseResult {
  // Callers pass request bodies: guard against a missing one at run time.
  if (typeof source !== "string") return { ok: false, errors: [sourceError("empty", "source is empty")] };
  if (utf8LengthOver(source, MAX_FLOW_SOURCE_BYTES)) {
    return { ok: false, errors: [tooLarge(MAX_FLOW_SOURCE_BYTES)] };
  }
  const lineCounter = new LineCounter();
  try {
    const docs = parseAllDocuments(source, { ...YAML_OPTIONS, lineCounter });
    const nonEmpty = Array.isArray(docs) ? docs.filter((d) => !isEmptyDocument(d) || d.errors.length) : [];
    if (nonEmpty.length === 0) return { ok: false, errors: [sourceError("empty", "source is empty")] };
    if (nonEmpty.length > 1) {
      const at = lineCounter.linePos(nonEmpty[1].range[0]);
      return {
        ok: false,
        errors: [
          sourceError("multiple_documents", "expected a single YAML document, found several (---)", at.line, at.col),
        ],
      };
    }
    const doc = nonEmpty[0];
    if (doc.errors.length) {
      const errors = doc.errors.map((e) => {
        // yaml reports an unclosed quote where it gave up (often the end of the file);
        // the user needs the place where the string was opened.
        const opened = e.code === "MISSING_CHAR" && /quote/.test(e.message) ? unclosedQuoteAt(source, e.pos[0]) : undefined;
        if (opened !== undefined) {
          const at = lineCounter.linePos(opened);
          const quote = source[opened] === "'" ? "single" : "double";
          return sourceError("yaml_syntax", `a ${quote}-quoted string opened here is never closed (add the closing ${source[opened]})`, at.line, at.col);
        }
        const at = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return sourceError("yaml_syntax", shortMessage(e.message), at.line, at.col);
      });
      return { ok: false, errors };
    }
    const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (depthOver(value, MAX_DEPTH)) {
      return { ok: false, errors: [sourceError("too_deep", `source is nested deeper than ${MAX_DEPTH} levels`)] };
    }
    return { ok: true, value, doc, lineCounter };
  } catch (e) {
    // yaml throws a ReferenceError when the alias budget is exhausted.
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return { ok: false, errors: [sourceError("alias_limit", "too many YAML aliases (possible alias bomb)")] };
    }
    if (e instanceof RangeError) {
      return { ok: false, errors: [sourceError("too_deep", "source is nested too deeply")] };
    }
    return { ok: false, errors: [sourceError("yaml_syntax", e instanceof Error ? e.message : "invalid YAML")] };
  }
}

/** One document of a multi-document source, with where it starts (1-based line). */
export type SourceDocument = { source: string; line: number };

export type SplitResult = { ok: true; documents: SourceDocument[] } | { ok: false; errors: SourceError[] };

/** A line with nothing for a flow: blank, a comment, or a bare `---` / `...` marker. */
const EMPTY_LINE = /^(\s*|---\s*|\.\.\.\s*)(#.*)?$/;
const LEADING_MARKER = /^---[ \t]*(#[^\n]*)?(\r?\n|$)/;

/**
 * Splits a `---` separated body into document sources, verbatim, for the
 * validate and bulk endpoints. Comment-only documents are dropped; each kept
 * one loses its leading `---` line. Syntax errors are left to the per-document
 * parse, which reports them with the document's own line numbers.
 */
export function splitDocuments(source: string): SplitResult {
  if (typeof source !== "string") return { ok: false, errors: [sourceError("empty", "source is empty")] };
  if (utf8LengthOver(source, MAX_BULK_SOURCE_BYTES)) {
    return { ok: false, errors: [tooLarge(MAX_BULK_SOURCE_BYTES)] };
  }
  const starts: number[] = [];
  const ends: number[] = [];
  const lineCounter = new LineCounter();
  for (const token of new Parser(lineCounter.addNewLine).parse(source)) {
    if (token.type === "document") starts.push(token.offset);
    if (token.type === "doc-end") ends.push(token.offset);
  }

  const documents: SourceDocument[] = [];
  starts.forEach((start, i) => {
    const next = starts[i + 1] ?? source.length;
    const end = ends.find((e) => e > start && e < next) ?? next;
    // The first document also owns the comments before it.
    const from = i === 0 ? 0 : start;
    let text = source.slice(from, end);
    let line = lineCounter.linePos(from).line;
    const marker = LEADING_MARKER.exec(text);
    if (marker) {
      text = text.slice(marker[0].length);
      line += 1;
    }
    if (text.split("\n").every((l) => EMPTY_LINE.test(l))) return;
    documents.push({ source: text, line });
  });
  if (documents.length === 0) return { ok: false, errors: [sourceError("empty", "source is empty")] };
  return { ok: true, documents };
}
