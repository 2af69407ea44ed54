import { markDouble } from "./doubles";
import type { TemplateMap, TemplateValue } from "./values";

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const SPACE = /[ \t\n\r]*/y;

/**
 * JSON text parsed as Kestra's Jackson parses it for a template (`fromJson`, `json`): a number
 * written with a fraction or an exponent is a Java double, so `2.0` stays marked a double and
 * prints `2.0` (values.ts markDouble). Text with no such number takes JSON.parse as is.
 * Throws a SyntaxError on malformed text.
 */
export function parseJsonText(text: string): TemplateValue {
  if (!/\d[.eE]/.test(text)) return JSON.parse(text) as TemplateValue;
  let at = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at position ${at}`);
  };
  const skip = () => {
    SPACE.lastIndex = at;
    SPACE.exec(text);
    at = SPACE.lastIndex;
  };
  const token = (pattern: RegExp): string | null => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (!found) return null;
    at = pattern.lastIndex;
    return found[0];
  };
  const literal = (word: string, value: TemplateValue): TemplateValue => {
    if (!text.startsWith(word, at)) fail(`Unexpected token ${text[at] ?? "end"}`);
    at += word.length;
    return value;
  };
  /** A value; `double` is told whether it was a number written as a double. */
  const value = (depth: number, double: (isDouble: boolean) => void): TemplateValue => {
    if (depth > MAX_DEPTH) fail("JSON nested too deeply");
    skip();
    const c = text[at];
    if (c === "{") {
      at++;
      const map: TemplateMap = {};
      skip();
      if (text[at] === "}") return at++, map;
      for (;;) {
        skip();
        const key = token(STRING) ?? fail("Expected a string key");
        const name = JSON.parse(key) as string;
        skip();
        if (text[at++] !== ":") fail("Expected ':'");
        let isDouble = false;
        const item = value(depth + 1, (d) => (isDouble = d));
        Object.defineProperty(map, name, { value: item, enumerable: true, writable: true, configurable: true });
        if (isDouble) markDouble(map, name);
        skip();
        const next = text[at++];
        if (next === "}") return map;
        if (next !== ",") fail("Expected ',' or '}'");
      }
    }
    if (c === "[") {
      at++;
      const list: TemplateValue[] = [];
      skip();
      if (text[at] === "]") return at++, list;
      for (;;) {
        let isDouble = false;
        list.push(value(depth + 1, (d) => (isDouble = d)));
        if (isDouble) markDouble(list, list.length - 1);
        skip();
        const next = text[at++];
        if (next === "]") return list;
        if (next !== ",") fail("Expected ',' or ']'");
      }
    }
    if (c === '"') return JSON.parse(token(STRING) ?? fail("Bad string")) as string;
    if (c === "t") return literal("true", true);
    if (c === "f") return literal("false", false);
    if (c === "n") return literal("null", null);
    const number = token(NUMBER) ?? fail(`Unexpected token ${c ?? "end"}`);
    double(/[.eE]/.test(number));
    return Number(number);
  };
  const result = value(0, () => {});
  skip();
  if (at !== text.length) fail("Unexpected data after the JSON value");
  return result;
}
