/**
 * What PostgreSQL cannot store: a NUL character (in text or jsonb) and a lone UTF-16
 * surrogate (not valid Unicode). Nesting is bounded too, since deep documents exhaust
 * the database's stack. A value the engine produces is checked before it is saved, so
 * that it fails its task with a message instead of failing the save and leaving the
 * execution stuck; the API checks what it accepts the same way (a 4xx naming the field).
 */

export const MAX_DEPTH = 200;

export type Unstorable = { path: (string | number)[]; reason: string };

/** Why a string cannot be stored, or null. */
export function badText(value: string): string | null {
  if (value.includes("\u0000")) return "contains a NUL character (\\u0000)";
  if (!value.isWellFormed()) return "contains a lone surrogate (invalid Unicode)";
  return null;
}

/** The first place in a value (keys included) that cannot be stored, or null. */
export function unstorable(value: unknown, path: (string | number)[] = []): Unstorable | null {
  if (path.length > MAX_DEPTH) return { path: path.slice(0, 3).concat("…"), reason: `is nested deeper than ${MAX_DEPTH} levels` };
  if (typeof value === "string") {
    const reason = badText(value);
    return reason ? { path, reason } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorable(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyReason = badText(key);
      if (keyReason) return { path: [...path, storableText(key)], reason: `has a key that ${keyReason}` };
      const found = unstorable(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** `outputs.values[2].x` from a prefix and segments. */
export function pathText(prefix: string, segments: readonly (string | number)[]): string {
  let out = prefix;
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : out ? `.${s}` : s;
  return out || "(body)";
}

/** Display text (log lines, error messages) made storable: NUL shown as `\u0000`, lone surrogates as U+FFFD. */
export function storableText(value: string): string {
  return (value.includes("\u0000") ? value.replaceAll("\u0000", "\\u0000") : value).toWellFormed();
}
