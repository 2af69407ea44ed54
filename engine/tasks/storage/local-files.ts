import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { writeFiles } from "../flow/working-directory";
import { globToRegExp } from "../scripts/glob";

/**
 * Kestra's storage.LocalFiles, inside a flow.WorkingDirectory: `inputs` (name → text or a
 * `kestra://` URI, or one expression giving that map) are written into the shared working
 * directory; the files matching the `outputs` globs (relative: `sub/**`, `*.txt`) are sent to
 * internal storage. Output `uris`: file name → URI.
 */
export const localFiles = defineRunnable({
  type: "io.kestra.plugin.core.storage.LocalFiles",
  aliases: ["io.kestra.core.tasks.storages.LocalFiles"],
  title: "Write files into the working directory, or send its files to internal storage",
  properties: z.object({
    inputs: z.union([z.record(z.string(), z.unknown()), text()]).optional(),
    outputs: z.union([z.array(text()), text()]).optional(),
  }),
  async run(ctx) {
    const dir = ctx.workingDirectory;
    if (!dir) throw new Error("LocalFiles must run inside a io.kestra.plugin.core.flow.WorkingDirectory task");
    if (ctx.props.inputs !== undefined) await writeFiles(ctx, ctx.props.inputs, "inputs");
    const globs = ctx.props.outputs === undefined ? [] : Array.isArray(ctx.props.outputs) ? await Promise.all(ctx.props.outputs.map((g) => ctx.render(g))) : [await ctx.render(ctx.props.outputs)];
    const patterns = globs.map((g) => globToRegExp(g.replace(/^\.\//, "")));
    const uris: Record<string, string> = {};
    if (patterns.length > 0) {
      for (const file of await dir.list()) {
        if (!patterns.some((p) => p.test(file))) continue;
        const content = await dir.read(file);
        if (content === null) continue;
        const dot = file.lastIndexOf(".");
        const slash = file.lastIndexOf("/");
        const extension = dot > slash + 1 ? file.slice(dot) : "";
        const base = file.slice(slash + 1, extension ? dot : undefined);
        uris[file] = await ctx.storage.put(content, { name: base, extension });
      }
    }
    return { outputs: { uris } };
  },
});
