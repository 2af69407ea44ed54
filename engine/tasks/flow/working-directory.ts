import { z } from "zod";
import type { TaskContext } from "@/engine/executor/context";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { pathMatcher } from "../namespace/common";
import { namespaceFiles } from "../scripts/properties";
import { endState, inSequence } from "./branches";

/**
 * Kestra's flow.WorkingDirectory: its tasks run one after the other in one shared working
 * directory. The directory belongs to this task run of this execution (kept in the
 * execution's internal storage, so each task may run on any worker): script tasks start in
 * it and leave their files there, storage.LocalFiles writes files into it and sends files
 * from it to internal storage. The first task to run seeds it with `inputFiles` (name →
 * text or a `kestra://` URI of the execution) and, with `namespaceFiles`, the flow's
 * namespace files.
 *
 * Not supported yet, and refused rather than ignored: `outputFiles` (use a LocalFiles task
 * with `outputs`) and `cache`.
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
      outputFiles: z.never({ error: "WorkingDirectory outputFiles is not supported yet: send the files with a storage.LocalFiles task and its `outputs`" }).optional(),
      cache: z.never({ error: "WorkingDirectory cache is not supported yet" }).optional(),
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

export type Seed = { inputFiles?: Record<string, string> | string; namespaceFiles?: z.output<typeof namespaceFiles> };

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

/** The first task of a WorkingDirectory seeds it: inputFiles, then the namespace files asked for. */
export async function seedWorkingDirectory(ctx: TaskContext<unknown>, holder: Seed): Promise<void> {
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
