import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { namespaceFilesOf, pathMatcher, renderList } from "./common";

/** Kestra's namespace.DownloadFiles: copies matching namespace files into the execution's internal storage. */
export const downloadFiles = defineRunnable({
  type: "io.kestra.plugin.core.namespace.DownloadFiles",
  title: "Download namespace files into the execution's storage",
  properties: z.object({
    /** The namespace to read; another one than the flow's only where the namespace rule allows it. */
    namespace: text(),
    /** A path or glob (`**.sql`), or a list of them. */
    files: z.union([text(), z.array(text()).min(1, "must list at least one file or glob")]),
  }),
  async run(ctx) {
    const files = namespaceFilesOf(ctx);
    const namespace = await ctx.render(ctx.props.namespace);
    const matches = pathMatcher(await renderList(ctx, ctx.props.files));
    const downloaded: Record<string, string> = {};
    for (const path of await files.list(namespace)) {
      if (!matches(path)) continue;
      const content = await files.read(namespace, path);
      if (content === null) continue;
      const name = path.slice(path.lastIndexOf("/") + 1);
      const dot = name.lastIndexOf(".");
      downloaded[path] = await ctx.storage.put(Buffer.from(content), { name: dot > 0 ? name.slice(0, dot) : name, extension: dot > 0 ? name.slice(dot) : undefined });
      ctx.logger.debug(`Downloaded ${path}`);
    }
    return { outputs: { files: downloaded } };
  },
});
