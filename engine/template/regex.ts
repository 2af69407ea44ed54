/**
 * Regular expressions written by flow authors (`split`, `replace(..., regexp=true)`).
 *
 * A backtracking regex can take exponential time (`(a+)+$`), and in Node one slow regex stalls
 * every tenant sharing the process. So user patterns run on V8's linear-time engine (the `l`
 * flag, enabled once with `--enable-experimental-regexp-engine`); patterns it cannot run in
 * linear time (backreferences, lookarounds) are refused. Patterns that are plain text after
 * unescaping (`\.`, `,`) skip regex entirely.
 */
import { setFlagsFromString } from "node:v8";
import { EvalError } from "./errors";

const MAX_PATTERN_LENGTH = 1000;
const METACHARACTERS = new Set([..."\\^$.|?*+()[]{}"]);

let linearEngine: boolean | null = null;

function linearEngineAvailable(): boolean {
  if (linearEngine === null) {
    try {
      // Only adds the opt-in `l` flag; other regexes of the process are unaffected.
      setFlagsFromString("--enable-experimental-regexp-engine");
      linearEngine = new RegExp("a", "l").test("a");
    } catch {
      linearEngine = false;
    }
  }
  return linearEngine;
}

/** The text a pattern matches when it has no regex meaning (`\.` → `.`), else null. */
function literalOf(pattern: string): string | null {
  let literal = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || !METACHARACTERS.has(next)) return null;
      literal += next;
      i++;
      continue;
    }
    if (METACHARACTERS.has(char)) return null;
    literal += char;
  }
  return literal;
}

/** A user pattern compiled for linear-time matching, with the `g` flag. */
export function userRegex(pattern: string): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new EvalError("LIMIT", `Regular expression longer than ${MAX_PATTERN_LENGTH} characters`);
  }
  if (!linearEngineAvailable()) {
    throw new EvalError("FORBIDDEN", "Regular expressions are not available: this runtime has no linear-time regex engine");
  }
  try {
    return new RegExp(pattern, "gl");
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EvalError("EVALUATION", `Unsupported regular expression '${pattern}': ${reason}`);
  }
}

/** Java's `String.split(regex, limit)`, including its rules for empty leading and trailing parts. */
export function javaSplit(input: string, pattern: string, limit: number): string[] {
  const parts: string[] = [];
  const literal = literalOf(pattern);
  let index = 0;
  const limited = limit > 0;
  const matches: { start: number; end: number }[] = [];
  if (literal !== null && literal.length > 0) {
    let at = input.indexOf(literal);
    while (at !== -1) {
      matches.push({ start: at, end: at + literal.length });
      at = input.indexOf(literal, at + literal.length);
    }
  } else {
    for (const match of input.matchAll(userRegex(literal === "" ? "" : pattern))) {
      const start = match.index ?? 0;
      matches.push({ start, end: start + match[0].length });
    }
  }
  for (const match of matches) {
    if (limited && parts.length >= limit - 1) break;
    // A zero-width match at the very start never yields an empty leading part.
    if (index === 0 && match.start === 0 && match.end === 0) continue;
    parts.push(input.slice(index, match.start));
    index = match.end;
  }
  if (parts.length === 0 && index === 0) return [input];
  parts.push(input.slice(index));
  if (limit === 0) {
    while (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  }
  return parts;
}

/** Java's `String.replaceAll(regex, replacement)`: `$1` and `${name}` are groups, `\x` is x. */
export function javaReplaceAll(input: string, pattern: string, replacement: string): string {
  return input.replace(userRegex(pattern), (...args: unknown[]) => {
    const last = args[args.length - 1];
    const hasGroups = typeof last === "object" && last !== null;
    const groups = (hasGroups ? last : {}) as Record<string, string | undefined>;
    const captureCount = args.length - (hasGroups ? 4 : 3);
    const captures = args.slice(0, captureCount + 1).map((value) => (typeof value === "string" ? value : ""));
    return expandReplacement(replacement, captures, groups);
  });
}

function expandReplacement(replacement: string, captures: string[], groups: Record<string, string | undefined>): string {
  let out = "";
  for (let i = 0; i < replacement.length; i++) {
    const char = replacement[i] as string;
    if (char === "\\") {
      const next = replacement[i + 1];
      if (next === undefined) throw new EvalError("EVALUATION", "character to be escaped is missing");
      out += next;
      i++;
      continue;
    }
    if (char !== "$") {
      out += char;
      continue;
    }
    if (replacement[i + 1] === "{") {
      const end = replacement.indexOf("}", i + 2);
      if (end === -1) throw new EvalError("EVALUATION", "named capturing group is missing trailing '}'");
      const name = replacement.slice(i + 2, end);
      if (!Object.hasOwn(groups, name)) throw new EvalError("EVALUATION", `No group with name {${name}}`);
      out += groups[name] ?? "";
      i = end;
      continue;
    }
    const digits = /^\d+/.exec(replacement.slice(i + 1))?.[0];
    if (digits === undefined) throw new EvalError("EVALUATION", "Illegal group reference");
    // Java takes the longest group number that exists.
    let length = digits.length;
    while (length > 1 && Number(digits.slice(0, length)) >= captures.length) length--;
    const group = Number(digits.slice(0, length));
    if (group >= captures.length) throw new EvalError("EVALUATION", `No group ${group}`);
    out += captures[group] ?? "";
    i += length;
  }
  return out;
}
