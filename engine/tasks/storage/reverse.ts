import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { extensionOf, readText } from "./files";
import { splitLines } from "@/engine/storage/ion";

export const storageReverse = defineRunnable({
  type: "io.kestra.plugin.core.storage.Reverse",
  aliases: ["io.kestra.core.tasks.storages.Reverse"],
  title: "Reverse the order of a file's lines",
  properties: z.object({
    from: text(),
    /** Written after every line. */
    separator: text().default("\n"),
    /** Accepted for Kestra's flows; files are read as UTF-8. */
    charset: text().optional(),
  }),
  async run(ctx) {
    const from = await ctx.render(ctx.props.from);
    const separator = await ctx.render(ctx.props.separator);
    const lines = splitLines(await readText(ctx, from)).reverse();
    const uri = await ctx.storage.put(lines.map((l) => l + separator).join(""), { extension: extensionOf(from) });
    return { outputs: { uri } };
  },
});
