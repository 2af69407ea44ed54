import { z } from "zod";
import type { TaskContext } from "@/engine/executor/context";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { pathMatcher } from "../namespace/common";
import { namespaceFiles } from "../scripts/properties";
import { endState, inSequence } from "./branches";
import { duration, text } from "@/engine/flow/values";
import { parseDuration } from "@/engine/executor/duration";
import type { WorkingDirectories } from "@/engine/executor/services";
import { globToRegExp } from "../scripts/glob";

/**
 * Kestra's flow.WorkingDirectory: its tasks run one after the other in one shared working
 * directory. The directory belongs to this task run of this execution (kept in the
 * execution's internal storage, so each task may run on any worker): script tasks start in
 * it and leave their files there, storage.LocalFiles writes files into it and sends files
 * from it to internal storage. The first task to run seeds it with `inputFiles` (name →
 * text or a `kestra://` URI of the execution) and, with `namespaceFiles`, the flow's
 * namespace files; before them, with `cache`, the files its last run of this flow kept.
 * After its last task (or a failed one, which ends the sequence), the files matching
 * `outputFiles` go to internal storage (output `outputFiles`: name → URI) and, with `cache`,
 * the files matching `cache.patterns` are kept for the next executions of this flow until
 * `cache.ttl` has passed (Kestra's WorkingDirectory pre/postExecuteTasks).
 */
export const workingDirectory = defineFlowable({
  type: "io.kestra.plugin.core.flow.WorkingDirectory",
  aliases: ["io.kestra.core.tasks.flows.WorkingDirectory", "io.kestra.core.tasks.flows.Worker"],
  title: "Run tasks in one shared working directory",
  properties: ({ task }) =>
    z.object({
      tasks: taskList(task),
      inputFiles: z.union([z.record(z.string(), z.string()), z.string()]).optional(),
      namespaceFiles: namespaceFiles.optional(),
      outputFiles: z.array(text()).optional(),
      cache: cacheShape.optional(),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async next(ctx) {
    return inSequence(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
  async state(ctx) {
    return endState(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
});

const cacheShape = z.strictObject({
  /** Globs relative to the working directory (`*.txt`, `node_modules/**`). */
  patterns: z.array(text()).min(1, { error: "cache.patterns must list at least one glob" }),
  /** How long a kept cache is used; none: until a run changes it. */
  ttl: duration().optional(),
});

export type Seed = {
  id?: string;
  inputFiles?: Record<string, string> | string;
  namespaceFiles?: z.output<typeof namespaceFiles>;
  outputFiles?: string[];
  cache?: z.output<typeof cacheShape>;
};

/** The most a WorkingDirectory cache may hold (its files are kept in memory and in one storage object). */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** A kept cache: when it was written and its files (relative path → base64). */
type CacheEntry = { savedAt: string; files: Record<string, string> };

/** The kept cache of this WorkingDirectory (per loop value), unless missing or older than its ttl (then deleted). */
async function keptCache(ctx: TaskContext<unknown>, holder: Seed, store: WorkingDirectories, objectId: string | null): Promise<CacheEntry | null> {
  const bytes = await store.readCache(holder.id!, objectId);
  if (bytes === null) return null;
  let entry: CacheEntry;
  try {
    entry = JSON.parse(new TextDecoder().decode(bytes)) as CacheEntry;
  } catch {
    ctx.logger.warn("The WorkingDirectory cache could not be read: it is ignored");
    return null;
  }
  if (holder.cache?.ttl !== undefined && Date.parse(entry.savedAt) + parseDuration(holder.cache.ttl) < ctx.now().getTime()) {
    ctx.logger.debug("The WorkingDirectory cache has expired: it is deleted");
    await store.deleteCache(holder.id!, objectId);
    return null;
  }
  return entry;
}

/** The first task of a WorkingDirectory with `cache` restores the files its last run kept. */
async function restoreCache(ctx: TaskContext<unknown>, holder: Seed, store: WorkingDirectories, objectId: string | null): Promise<void> {
  const entry = await keptCache(ctx, holder, store, objectId);
  if (!entry) return;
  for (const [path, base64] of Object.entries(entry.files)) await ctx.workingDirectory!.write(path, Buffer.from(base64, "base64"));
  ctx.logger.debug(`Restored ${Object.keys(entry.files).length} file(s) from the WorkingDirectory cache`);
}

/** The directory's files matching relative globs, with their content. */
async function matching(ctx: TaskContext<unknown>, globs: string[]): Promise<[string, Uint8Array][]> {
  const patterns = (await Promise.all(globs.map((g) => ctx.render(g)))).map((g) => globToRegExp(g.replace(/^\.\//, "")));
  const out: [string, Uint8Array][] = [];
  for (const file of await ctx.workingDirectory!.list()) {
    if (!patterns.some((p) => p.test(file))) continue;
    const content = await ctx.workingDirectory!.read(file);
    if (content !== null) out.push([file, content]);
  }
  return out;
}

/**
 * What a WorkingDirectory does once its tasks are done (run by its last task, or by the one
 * whose failure ends it): `outputFiles` to internal storage, returned as the WorkingDirectory's
 * outputs; `cache` kept for the next executions, unless its files did not change.
 */
export async function finishWorkingDirectory(
  ctx: TaskContext<unknown>,
  holder: Seed,
  store: WorkingDirectories,
  objectId: string | null,
): Promise<Record<string, unknown> | undefined> {
  let outputs: Record<string, unknown> | undefined;
  if (holder.outputFiles) {
    const uris: Record<string, string> = {};
    for (const [file, content] of await matching(ctx, holder.outputFiles)) {
      const slash = file.lastIndexOf("/");
      const dot = file.lastIndexOf(".");
      const extension = dot > slash + 1 ? file.slice(dot) : "";
      uris[file] = await ctx.storage.put(content, { name: file.slice(slash + 1, extension ? dot : undefined), extension });
    }
    outputs = { outputFiles: uris };
  }
  if (holder.cache) {
    const matched = await matching(ctx, holder.cache.patterns);
    const bytes = matched.reduce((n, [, content]) => n + content.byteLength, 0);
    if (bytes > MAX_CACHE_BYTES) {
      // Held in memory to be written: a cache this big (say, a whole node_modules) is refused, said, and not kept.
      ctx.logger.warn(`The WorkingDirectory cache was not kept: its ${matched.length} file(s) hold ${bytes} bytes, more than ${MAX_CACHE_BYTES}; narrow cache.patterns`);
      return outputs;
    }
    const files = Object.fromEntries(matched.map(([file, content]) => [file, Buffer.from(content).toString("base64")]));
    const kept = await keptCache(ctx, holder, store, objectId);
    if (kept && JSON.stringify(kept.files) === JSON.stringify(files)) {
      ctx.logger.debug("The WorkingDirectory cache files did not change: the cache is kept as it is");
    } else {
      await store.writeCache(holder.id!, objectId, JSON.stringify({ savedAt: ctx.now().toISOString(), files } satisfies CacheEntry));
      ctx.logger.debug(`Kept ${Object.keys(files).length} file(s) in the WorkingDirectory cache`);
    }
  }
  return outputs;
}

/** Writes `name → text or kestra:// URI` files into the task's working directory. */
export async function writeFiles(ctx: TaskContext<unknown>, files: unknown, what: string): Promise<number> {
  const dir = ctx.workingDirectory!;
  const rendered = typeof files === "string" ? await ctx.renderTyped(files) : await ctx.renderRecursive(files ?? {});
  let map = rendered;
  if (typeof map === "string") {
    try {
      map = JSON.parse(map);
    } catch {
      // reported below
    }
  }
  if (!map || typeof map !== "object" || Array.isArray(map)) throw new Error(`${what} must be a map of file name to content`);
  let count = 0;
  for (const [name, raw] of Object.entries(map as Record<string, unknown>)) {
    const content = typeof raw === "string" ? raw : JSON.stringify(raw);
    let bytes: string | Uint8Array = content;
    if (content.startsWith("kestra:///")) {
      const stored = await ctx.storage.get(content);
      if (stored === null) throw new Error(`${what}: the file ${content} does not exist`);
      bytes = stored;
    }
    await dir.write(name, bytes);
    count++;
  }
  return count;
}

/** The first task of a WorkingDirectory seeds it: the kept cache, inputFiles, then the namespace files asked for. */
export async function seedWorkingDirectory(ctx: TaskContext<unknown>, holder: Seed, store?: WorkingDirectories, objectId: string | null = null): Promise<void> {
  if (holder.cache && store) await restoreCache(ctx, holder, store, objectId);
  if (holder.inputFiles !== undefined) await writeFiles(ctx, holder.inputFiles, "inputFiles");
  const options = holder.namespaceFiles;
  if (!options?.enabled) return;
  if (!ctx.namespaceFiles) throw new Error("namespaceFiles: namespace files are not available to this engine");
  const include = options.include?.length ? pathMatcher(await Promise.all(options.include.map((g) => ctx.render(g)))) : () => true;
  const exclude = options.exclude?.length ? pathMatcher(await Promise.all(options.exclude.map((g) => ctx.render(g)))) : () => false;
  const namespaces = options.namespaces ? await Promise.all(options.namespaces.map((n) => ctx.render(n))) : [ctx.flow.namespace];
  for (const namespace of namespaces) {
    for (const file of await ctx.namespaceFiles.list(namespace)) {
      if (!include(file) || exclude(file)) continue;
      const content = await ctx.namespaceFiles.read(namespace, file);
      if (content === null) continue;
      const relative = file.replace(/^\/+/, "");
      await ctx.workingDirectory!.write(options.folderPerNamespace ? `${namespace}/${relative}` : relative, content);
    }
  }
}
