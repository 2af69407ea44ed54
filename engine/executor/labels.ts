import type { Label } from "./types";

/** Kestra's correlation id label: the id of the root execution of a chain of subflows. */
export const CORRELATION_ID = "system.correlationId";

/** Labels with later ones replacing earlier ones of the same key, first position kept. */
export function mergeLabels(...lists: (readonly Label[] | undefined)[]): Label[] {
  const out: Label[] = [];
  for (const list of lists) {
    for (const label of list ?? []) {
      const at = out.findIndex((l) => l.key === label.key);
      if (at >= 0) out[at] = { key: label.key, value: label.value };
      else out.push({ key: label.key, value: label.value });
    }
  }
  return out;
}

export function labelValue(labels: readonly Label[], key: string): string | undefined {
  return labels.find((l) => l.key === key)?.value;
}

/** Labels from a rendered value: a map, a list of {key, value}, or a JSON string of either. */
export function toLabels(value: unknown): Label[] {
  let data = value;
  if (typeof data === "string") {
    try {
      data = JSON.parse(data);
    } catch {
      throw new Error(`Labels must be a map or a list of {key, value}, got '${value}'`);
    }
  }
  if (Array.isArray(data)) {
    return data.map((item) => {
      if (!item || typeof item !== "object" || !("key" in item)) throw new Error("Each label needs a key and a value");
      const { key, value: v } = item as { key: unknown; value: unknown };
      return { key: String(key), value: labelText(v) };
    });
  }
  if (data && typeof data === "object") return Object.entries(data).map(([key, v]) => ({ key, value: labelText(v) }));
  throw new Error("Labels must be a map or a list of {key, value}");
}

function labelText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : typeof value === "object" ? JSON.stringify(value) : String(value);
}
