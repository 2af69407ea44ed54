import type { TaskContext } from "@/engine/executor/context";
import type { NamespaceFiles } from "@/engine/executor/services";
import { globToRegExp } from "../scripts/glob";

/** The namespace files service, or a clear failure where the engine has none (the memory runner). */
export function namespaceFilesOf(ctx: TaskContext<unknown>): NamespaceFiles {
  if (!ctx.namespaceFiles) throw new Error("Namespace files are not available to this engine");
  return ctx.namespaceFiles;
}

/** `files`: one string or a list, each rendered. */
export async function renderList(ctx: TaskContext<unknown>, files: string | string[]): Promise<string[]> {
  const list = typeof files === "string" ? [files] : files;
  return Promise.all(list.map((f) => ctx.render(f)));
}

/**
 * Kestra's glob over namespace file paths (Java's `glob:` with a leading slash added): `**`
 * crosses folders, `*` stays in one; a plain path matches itself.
 */
export function pathMatcher(patterns: string[]): (path: string) => boolean {
  const regexps = patterns.map((p) => globToRegExp(p.startsWith("/") ? p : `/${p}`));
  return (path) => regexps.some((r) => r.test(path));
}
