import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { readText } from "./files";

export const storageConcat = defineRunnable({
  type: "io.kestra.plugin.core.storage.Concat",
  aliases: ["io.kestra.core.tasks.storages.Concat"],
  title: "Concatenate files of the internal storage into one",
  properties: z.object({
    /** A list of `kestra://` URIs, or a JSON list of them (an expression). */
    files: z.union([z.array(text()), text()], { error: "expected a list of kestra:// URIs or a JSON string" }),
    /** Written after each file. */
    separator: text().optional(),
    extension: text().default(".tmp"),
  }),
  async run(ctx) {
    const { props } = ctx;
    let files: string[];
    if (Array.isArray(props.files)) {
      files = props.files;
    } else {
      const rendered = await ctx.render(props.files);
      let parsed: unknown;
      try {
        parsed = JSON.parse(rendered);
      } catch {
        throw new Error(`Invalid \`files\` property: expected a JSON list of URIs, got '${rendered}'`);
      }
      if (!Array.isArray(parsed)) throw new Error(`Invalid \`files\` property: expected a JSON list of URIs, got '${rendered}'`);
      files = parsed.map(String);
    }
    const separator = props.separator === undefined ? "" : await ctx.render(props.separator);
    let content = "";
    for (const file of files) content += (await readText(ctx, await ctx.render(file))) + separator;
    const uri = await ctx.storage.put(content, { extension: await ctx.render(props.extension) });
    return { outputs: { uri } };
  },
});
