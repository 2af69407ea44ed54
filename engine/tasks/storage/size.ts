import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const storageSize = defineRunnable({
  type: "io.kestra.plugin.core.storage.Size",
  aliases: ["io.kestra.core.tasks.storages.Size"],
  title: "Size in bytes of a file of the internal storage",
  properties: z.object({ uri: text() }),
  async run(ctx) {
    const uri = await ctx.render(ctx.props.uri);
    const size = await ctx.storage.size(uri);
    if (size === null) throw new Error(`File '${uri}' does not exist in the internal storage`);
    return { outputs: { size } };
  },
});
