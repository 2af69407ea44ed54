import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { namespaceFilesOf, pathMatcher, renderList } from "./common";

/** Kestra's namespace.DeleteFiles: deletes the namespace files that match. */
export const deleteFiles = defineRunnable({
  type: "io.kestra.plugin.core.namespace.DeleteFiles",
  title: "Delete namespace files",
  properties: z.object({
    /** The namespace; another one than the flow's only where the namespace rule allows it. */
    namespace: text(),
    /** A path or glob (`**.upl`), or a list of them. */
    files: z.union([text(), z.array(text())]),
  }),
  async run(ctx) {
    const files = namespaceFilesOf(ctx);
    const namespace = await ctx.render(ctx.props.namespace);
    const matches = pathMatcher(await renderList(ctx, ctx.props.files));
    const deleted: string[] = [];
    for (const path of await files.list(namespace)) {
      if (matches(path) && (await files.delete(namespace, path))) {
        deleted.push(path);
        ctx.logger.debug(`Deleted ${path}`);
      }
    }
    return { outputs: { files: deleted } };
  },
});
