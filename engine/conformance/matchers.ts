/**
 * The matchers of expected.json. A plain value means deep equality (maps are compared on the
 * expected keys only, so extra fields of a document do not fail a check); objects with one
 * `$...` key are matchers. `match` returns null when the value matches, else a reason.
 */
export type RefResolver = (ref: string) => unknown;

type Json = Record<string, unknown>;

const isMap = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

function isMatcher(value: unknown): value is Json {
  return isMap(value) && Object.keys(value).length >= 1 && Object.keys(value)[0].startsWith("$");
}

const show = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? String(v) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
};

export function match(actual: unknown, expected: unknown, refs: RefResolver, path = ""): string | null {
  const at = path ? `${path}: ` : "";
  if (isMatcher(expected)) return matchOperator(actual, expected, refs, path);
  if (expected === null) return actual === null || actual === undefined ? null : `${at}expected null, got ${show(actual)}`;
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}expected a list ${show(expected)}, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${at}expected ${expected.length} items ${show(expected)}, got ${actual.length}: ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const r = match(actual[i], expected[i], refs, `${path}[${i}]`);
      if (r) return r;
    }
    return null;
  }
  if (isMap(expected)) {
    if (!isMap(actual)) return `${at}expected a map ${show(expected)}, got ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const r = match(actual[key], value, refs, path ? `${path}.${key}` : key);
      if (r) return r;
    }
    return null;
  }
  return actual === expected ? null : `${at}expected ${show(expected)}, got ${show(actual)}`;
}

function text(actual: unknown): string {
  return typeof actual === "string" ? actual : JSON.stringify(actual) ?? String(actual);
}

function matchOperator(actual: unknown, expected: Json, refs: RefResolver, path: string): string | null {
  const at = path ? `${path}: ` : "";
  const [op, arg] = Object.entries(expected)[0];
  switch (op) {
    case "$contains":
      return typeof actual === "string" && actual.includes(String(arg)) ? null : `${at}expected to contain ${show(arg)}, got ${show(actual)}`;
    case "$regex":
      return actual !== undefined && actual !== null && new RegExp(`^(?:${String(arg)})$`, "s").test(text(actual))
        ? null
        : `${at}expected to match /${String(arg)}/, got ${show(actual)}`;
    case "$gte":
      return typeof actual === "number" && actual >= Number(arg) ? null : `${at}expected >= ${show(arg)}, got ${show(actual)}`;
    case "$gt":
      return typeof actual === "number" && actual > Number(arg) ? null : `${at}expected > ${show(arg)}, got ${show(actual)}`;
    case "$hasItems": {
      if (!Array.isArray(actual)) return `${at}expected a list with ${show(arg)}, got ${show(actual)}`;
      for (const item of arg as unknown[]) {
        if (!actual.some((a) => match(a, item, refs) === null)) return `${at}expected an item ${show(item)} in ${show(actual)}`;
      }
      return null;
    }
    case "$containsInAnyOrder": {
      const wanted = arg as unknown[];
      if (!Array.isArray(actual) || actual.length !== wanted.length) return `${at}expected ${show(wanted)} in any order, got ${show(actual)}`;
      const left = [...actual];
      for (const item of wanted) {
        const i = left.findIndex((a) => match(a, item, refs) === null);
        if (i < 0) return `${at}expected ${show(wanted)} in any order, got ${show(actual)}`;
        left.splice(i, 1);
      }
      return null;
    }
    case "$allOf":
      for (const m of arg as unknown[]) {
        const r = match(actual, m, refs, path);
        if (r) return r;
      }
      return null;
    case "$anyOf":
      return (arg as unknown[]).some((m) => match(actual, m, refs, path) === null) ? null : `${at}matched none of ${show(arg)}: ${show(actual)}`;
    case "$ref": {
      const value = refs(String(arg));
      return actual === value ? null : `${at}expected ${String(arg)} (${show(value)}), got ${show(actual)}`;
    }
    case "$concat": {
      const value = (arg as unknown[]).map((part) => (isMap(part) && "$ref" in part ? String(refs(String(part.$ref))) : String(part))).join("");
      return actual === value ? null : `${at}expected ${show(value)}, got ${show(actual)}`;
    }
    case "$isoDateTimeWithinSecondsOfNow": {
      const date = typeof actual === "string" ? Date.parse(actual) : Number.NaN;
      return Number.isFinite(date) && Math.abs(Date.now() - date) <= Number(arg) * 1000
        ? null
        : `${at}expected an ISO date within ${String(arg)}s of now, got ${show(actual)}`;
    }
    default:
      return `${at}unknown matcher ${op}`;
  }
}
