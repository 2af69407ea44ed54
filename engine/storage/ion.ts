/**
 * Kestra keeps rows in internal storage as Amazon Ion text, one value a line
 * (`{id:1,name:"a"}`). Tasks that read items (FilterItems, DeduplicateItems) parse each line
 * with this reader: JSON, plus what Ion text adds that such files use — unquoted and
 * single-quoted symbols, typed nulls (`null.int`), timestamps and annotations (`a::`).
 * Values come back as plain JSON values (symbols and timestamps as strings). Written
 * rows are JSON, which is valid Ion text.
 */

class IonSyntaxError extends Error {}

const SYMBOL_START = /[A-Za-z_$]/;
const SYMBOL_PART = /[A-Za-z0-9_$]/;
const BARE_SCALAR = /[-+0-9A-Za-z_.:$]/;

export function parseIonLine(line: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new IonSyntaxError(`${what} at column ${i + 1} of ${JSON.stringify(line.length > 80 ? `${line.slice(0, 80)}…` : line)}`);
  };
  const space = () => {
    while (i < line.length && /\s/.test(line[i])) i++;
  };
  const quoted = (quote: string): string => {
    let out = "";
    i++;
    while (i < line.length && line[i] !== quote) {
      if (line[i] === "\\") {
        const escaped = line.slice(i, i + 2) === "\\u" ? line.slice(i, i + 6) : line.slice(i, i + 2);
        out += JSON.parse(`"${escaped === "\\'" ? "'" : escaped}"`);
        i += escaped.length;
      } else {
        out += line[i++];
      }
    }
    if (line[i] !== quote) fail("unterminated string");
    i++;
    return out;
  };
  const symbol = (): string => {
    const start = i;
    while (i < line.length && SYMBOL_PART.test(line[i])) i++;
    return line.slice(start, i);
  };
  const value = (): unknown => {
    space();
    const c = line[i];
    if (c === undefined) return fail("value expected");
    if (c === "{") {
      i++;
      const out: Record<string, unknown> = {};
      space();
      while (line[i] !== "}") {
        space();
        const key = line[i] === '"' || line[i] === "'" ? quoted(line[i]) : SYMBOL_START.test(line[i] ?? "") ? symbol() : fail("field name expected");
        space();
        if (line[i] !== ":") fail("':' expected");
        i++;
        out[key] = value();
        space();
        if (line[i] === ",") i++;
        else if (line[i] !== "}") fail("',' or '}' expected");
        space();
      }
      i++;
      return out;
    }
    if (c === "[") {
      i++;
      const out: unknown[] = [];
      space();
      while (line[i] !== "]") {
        out.push(value());
        space();
        if (line[i] === ",") i++;
        else if (line[i] !== "]") fail("',' or ']' expected");
        space();
      }
      i++;
      return out;
    }
    if (c === '"') return quoted('"');
    if (c === "'") {
      const text = quoted("'");
      space();
      if (line.startsWith("::", i)) {
        i += 2;
        return value();
      }
      return text;
    }
    const start = i;
    while (i < line.length && BARE_SCALAR.test(line[i])) {
      if (line.startsWith("::", i)) break;
      i++;
    }
    const bare = line.slice(start, i);
    if (line.startsWith("::", i)) {
      i += 2;
      return value(); // an annotation: keep the value
    }
    if (bare === "") return fail("value expected");
    if (bare === "true") return true;
    if (bare === "false") return false;
    if (bare === "null" || bare.startsWith("null.")) return null;
    if (/^[-+]?\d[\d_]*(\.\d*)?([eEdD][-+]?\d+)?$/.test(bare)) return Number(bare.replace(/_/g, "").replace(/[dD]/, "e"));
    return bare; // a symbol or a timestamp
  };
  const result = value();
  space();
  if (i < line.length) fail("end of line expected");
  return result;
}

/** Lines as Java's BufferedReader.readLine sees them: `\n`, `\r\n` or `\r` end a line; no empty last line. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
