import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { namespaceFilesOf } from "./common";

/**
 * Kestra's namespace.UploadFiles: internal-storage files (`kestra://` URIs, such as a FILE
 * input or a task's output) become namespace files. As a map, each key is the target path; as
 * a list, each file lands in `destination` under its own name. Globs over a working directory
 * need one (WorkingDirectory); here a list entry that is not a URI is refused.
 */
export const uploadFiles = defineRunnable({
  type: "io.kestra.plugin.core.namespace.UploadFiles",
  title: "Upload files to namespace files",
  properties: z.object({
    /** The namespace; another one than the flow's only where the namespace rule allows it. */
    namespace: text(),
    files: z.union([z.array(text()), z.record(z.string(), text()), text()]),
    destination: text().default("/"),
    conflict: z.enum(["OVERWRITE", "ERROR", "SKIP"], { message: "must be OVERWRITE, ERROR or SKIP" }).default("OVERWRITE"),
  }),
  async run(ctx) {
    const files = namespaceFilesOf(ctx);
    const { props } = ctx;
    const namespace = await ctx.render(props.namespace);
    const rendered = typeof props.files === "string" ? await ctx.renderTyped(props.files) : await ctx.renderRecursive(props.files);
    const targets: [string, string][] = [];
    if (Array.isArray(rendered)) {
      const destination = (await ctx.render(props.destination)).replace(/\/+$/, "");
      for (const entry of rendered.map(String)) {
        if (!entry.startsWith("kestra://")) throw new Error(`files: '${entry}' is not a kestra:// URI (globs need a WorkingDirectory)`);
        targets.push([`${destination}/${decodeURIComponent(entry.slice(entry.lastIndexOf("/") + 1))}`, entry]);
      }
    } else if (rendered && typeof rendered === "object") {
      for (const [target, uri] of Object.entries(rendered as Record<string, unknown>)) targets.push([target, String(uri)]);
    } else throw new Error("files must be a list of kestra:// URIs or a map of target path to URI");
    const uploaded: Record<string, string> = {};
    for (const [target, uri] of targets) {
      const content = await ctx.storage.get(uri);
      if (content === null) continue; // Kestra skips a URI that does not exist
      if (await files.write(namespace, target, content, props.conflict)) uploaded[target.startsWith("/") ? target : `/${target}`] = uri;
    }
    return { outputs: { files: uploaded } };
  },
});
