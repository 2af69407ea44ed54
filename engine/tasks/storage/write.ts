import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const write = defineRunnable({
  type: "io.kestra.plugin.core.storage.Write",
  title: "Write content to a file of the execution's internal storage",
  properties: z.object({
    content: text(),
    extension: text().default(".ion"),
  }),
  async run(ctx) {
    const content = await ctx.render(ctx.props.content);
    const extension = await ctx.render(ctx.props.extension);
    const uri = await ctx.storage.put(content, { extension });
    return { outputs: { uri, size: Buffer.byteLength(content) } };
  },
});
