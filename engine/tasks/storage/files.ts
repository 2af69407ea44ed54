import type { TaskContext } from "@/engine/executor/context";

/**
 * Helpers shared by the storage tasks: reading a `kestra://` file of the execution as
 * text, a file's extension, and Kestra's dynamic property values.
 */

export async function readText(ctx: TaskContext<unknown>, uri: string): Promise<string> {
  if (!uri.startsWith("kestra://")) throw new Error(`Invalid internal storage URI '${uri}': it must start with kestra://`);
  const bytes = await ctx.storage.get(uri);
  if (bytes === null) throw new Error(`File '${uri}' does not exist in the internal storage`);
  return new TextDecoder().decode(bytes);
}

/** `.csv` for `kestra:///a/b/file.csv`; `.tmp` when the name has none, as Kestra does. */
export function extensionOf(uri: string): string {
  const name = uri.slice(uri.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : ".tmp";
}

/** A `dynInt`/`dynBool`/`dynEnum` property: its value, or what its expression renders to. */
export async function resolved<T extends string | number | boolean>(ctx: TaskContext<unknown>, value: T | string, as: (rendered: string) => T): Promise<T> {
  if (typeof value !== "string") return value;
  return as(await ctx.render(value));
}

export function asInt(what: string) {
  return (rendered: string) => {
    const n = Number(rendered.trim());
    if (!Number.isInteger(n)) throw new Error(`${what} must be an integer, got '${rendered}'`);
    return n;
  };
}

/** Kestra's readable sizes (`10MB`, `1KB`, `512`): powers of 1024, as Micronaut reads them. */
export function parseBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?B)?\s*$/i.exec(text);
  if (!m) throw new Error(`Invalid size with value '${text}'`);
  const unit = (m[2] ?? "B").toUpperCase();
  const power = { B: 0, KB: 1, MB: 2, GB: 3, TB: 4 }[unit as "B"];
  return Math.floor(Number(m[1]) * 1024 ** power);
}
