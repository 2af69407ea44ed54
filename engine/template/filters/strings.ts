/** String filters (Pebble core and Kestra's additions). */
import { EvalError } from "../errors";
import { javaReplaceAll, javaSplit } from "../regex";
import type { FilterSpec, Runtime } from "../runtime";
import { isList, isMap, listItems, mapEntries, newMap, printValue, typeName, type TemplateValue } from "../values";

/** The string a string filter works on: scalars are printed, collections are refused. */
export function stringInput(value: TemplateValue, filter: string): string {
  if (typeof value === "string") return value;
  if (isList(value) || isMap(value)) {
    throw new EvalError("TYPE", `The '${filter}' filter expects a string, not a ${typeName(value)}`);
  }
  return printValue(value, Number.MAX_SAFE_INTEGER);
}

function stringFilter(name: string, transform: (input: string) => string): FilterSpec {
  return {
    argNames: [],
    apply: (input) => (input === null ? null : transform(stringInput(input, name))),
  };
}

const WHITESPACE = /\s/u;

/** Replace every occurrence of `search`, refusing to build a string over the limit. */
function replaceLiteral(input: string, search: string, replacement: string, runtime: Runtime): string {
  if (search === "") {
    // Java inserts the replacement between every char; the size is predictable.
    const size = input.length + (input.length + 1) * replacement.length;
    if (size > runtime.limits.maxStringLength) throw new EvalError("LIMIT", "replace: result too long");
    if (input === "") return replacement;
    return replacement + input.split("").join(replacement) + replacement;
  }
  let count = 0;
  for (let at = input.indexOf(search); at !== -1; at = input.indexOf(search, at + search.length)) count++;
  if (input.length + count * (replacement.length - search.length) > runtime.limits.maxStringLength) {
    throw new EvalError("LIMIT", "replace: result too long");
  }
  return input.split(search).join(replacement);
}

function capitalize(input: string): string {
  for (let i = 0; i < input.length; i++) {
    const char = input[i] as string;
    if (!WHITESPACE.test(char)) return input.slice(0, i) + char.toUpperCase() + input.slice(i + 1);
  }
  return input;
}

function title(input: string): string {
  let capitalizeNext = true;
  let out = "";
  for (const char of input) {
    if (WHITESPACE.test(char)) {
      capitalizeNext = true;
      out += char;
    } else if (capitalizeNext) {
      out += char.toUpperCase();
      capitalizeNext = false;
    } else {
      out += char;
    }
  }
  return out;
}

/** Java's `String.trim`: strips every char up to U+0020. */
function javaTrim(input: string): string {
  return input.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
}

function slugify(input: string): string {
  return input
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

type EscapeType = "single" | "double" | "shell";

function escapeValue(value: TemplateValue, type: EscapeType, depth = 0): TemplateValue {
  if (depth > 64) throw new EvalError("LIMIT", "escapeChar: value nested too deeply");
  if (value === null) return null;
  if (isList(value)) return listItems(value).map((item) => escapeValue(item, type, depth + 1));
  if (isMap(value)) return newMap(mapEntries(value).map(([key, item]) => [key, escapeValue(item, type, depth + 1)]));
  const text = printValue(value, Number.MAX_SAFE_INTEGER);
  if (type === "shell") return text.replaceAll("'", "'\\''");
  if (type === "single") return text.replaceAll("'", "\\'");
  return text.replaceAll('"', '\\"');
}

/** Kestra's indent/nindent: the line separator is the one the input already uses. */
function indent(input: string, amount: number, prefix: string, leadingNewline: boolean, runtime: Runtime): string {
  if (input === "") return input;
  if (amount < 0) throw new EvalError("EVALUATION", "The indent filters expect a positive integer >=0 as argument 'amount'.");
  const separator = input.includes("\r\n") ? "\r\n" : input.includes("\n\r") ? "\n\r" : input.includes("\n") ? "\n" : input.includes("\r") ? "\r" : "\n";
  const source = leadingNewline ? separator + input : input;
  const lines = source.split(separator).length;
  if (source.length + lines * amount * prefix.length > runtime.limits.maxStringLength) {
    throw new EvalError("LIMIT", "indent: result too long");
  }
  return source.split(separator).join(separator + prefix.repeat(amount));
}

function htmlEscape(input: string): string {
  return input
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** substringBefore/After(Last), Apache Commons `StringUtils` semantics. */
function substring(kind: "before" | "after" | "beforeLast" | "afterLast"): FilterSpec {
  return {
    argNames: ["separator"],
    apply: (input, args) => {
      if (input === null) return null;
      const text = stringInput(input, "substring");
      const separator = args.string("separator");
      const at = kind === "before" || kind === "after" ? text.indexOf(separator) : text.lastIndexOf(separator);
      switch (kind) {
        case "before":
          return separator === "" ? "" : at === -1 ? text : text.slice(0, at);
        case "after":
          return separator === "" ? text : at === -1 ? "" : text.slice(at + separator.length);
        case "beforeLast":
          return separator === "" || at === -1 ? text : text.slice(0, at);
        case "afterLast":
          return separator === "" || at === -1 || at === text.length - separator.length ? "" : text.slice(at + separator.length);
      }
    },
  };
}

export const STRING_FILTERS: Record<string, FilterSpec> = {
  upper: stringFilter("upper", (input) => input.toUpperCase()),
  lower: stringFilter("lower", (input) => input.toLowerCase()),
  capitalize: stringFilter("capitalize", capitalize),
  title: stringFilter("title", title),
  trim: stringFilter("trim", javaTrim),
  slugify: stringFilter("slugify", slugify),
  nl2br: stringFilter("nl2br", (input) => input.replace(/\r\n|\n|\r/g, "<br />")),
  escape: {
    argNames: ["strategy"],
    apply: (input, args) => {
      if (input === null) return null;
      const strategy = args.string("strategy", "html");
      if (strategy !== "html") throw new EvalError("EVALUATION", `Unknown escaping strategy [${strategy}]`);
      return htmlEscape(stringInput(input, "escape"));
    },
  },
  raw: { argNames: [], apply: (input) => input },
  string: { argNames: [], apply: (input, _args, runtime) => (input === null ? null : printValue(input, runtime.limits.maxStringLength)) },
  abbreviate: {
    argNames: ["length"],
    apply: (input, args) => {
      if (input === null) return null;
      const text = stringInput(input, "abbreviate");
      const maxWidth = args.integer("length");
      if (maxWidth < 0) throw new EvalError("EVALUATION", "abbreviate: length must be positive");
      if (text.length <= maxWidth) return text;
      if (maxWidth < 3) return text.slice(0, maxWidth);
      return `${text.slice(0, maxWidth - 3)}...`;
    },
  },
  replace: {
    argNames: ["replace_pairs", "regexp"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      let text = stringInput(input, "replace");
      const pairs = args.required("replace_pairs");
      if (!isMap(pairs)) throw new EvalError("TYPE", "The 'replace' filter expects a map of replacements as argument 'replace_pairs'.");
      const regexp = args.boolean("regexp", false);
      for (const [search, replacement] of mapEntries(pairs)) {
        runtime.charge(1);
        const to = printValue(replacement, runtime.limits.maxStringLength);
        text = regexp ? runtime.checkString(javaReplaceAll(text, search, to)) : replaceLiteral(text, search, to, runtime);
      }
      return text;
    },
  },
  split: {
    argNames: ["delimiter", "limit"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const parts = javaSplit(stringInput(input, "split"), args.string("delimiter"), args.integer("limit", 0));
      runtime.checkSize(parts.length);
      return parts;
    },
  },
  startsWith: {
    argNames: ["value"],
    apply: (input, args) => (input === null ? false : stringInput(input, "startsWith").startsWith(args.string("value"))),
  },
  endsWith: {
    argNames: ["value"],
    apply: (input, args) => (input === null ? false : stringInput(input, "endsWith").endsWith(args.string("value"))),
  },
  substringBefore: substring("before"),
  substringAfter: substring("after"),
  substringBeforeLast: substring("beforeLast"),
  substringAfterLast: substring("afterLast"),
  escapeChar: {
    argNames: ["type"],
    apply: (input, args) => {
      const type = args.string("type").toLowerCase();
      if (type !== "single" && type !== "double" && type !== "shell") {
        throw new EvalError("EVALUATION", "The 'escapeChar' filter expects the value of 'type' to be either 'single', 'double', or 'shell'.");
      }
      return escapeValue(input, type);
    },
  },
  indent: {
    argNames: ["amount", "prefix"],
    apply: (input, args, runtime) =>
      input === null ? null : indent(stringInput(input, "indent"), args.integer("amount"), args.string("prefix", " "), false, runtime),
  },
  nindent: {
    argNames: ["amount", "prefix"],
    apply: (input, args, runtime) =>
      input === null ? null : indent(stringInput(input, "nindent"), args.integer("amount"), args.string("prefix", " "), true, runtime),
  },
};
