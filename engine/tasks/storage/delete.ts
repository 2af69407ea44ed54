import { z } from "zod";
import { dynBool, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { resolved } from "./files";

export const storageDelete = defineRunnable({
  type: "io.kestra.plugin.core.storage.Delete",
  aliases: ["io.kestra.core.tasks.storages.Delete"],
  title: "Delete a file of the execution's internal storage",
  properties: z.object({
    uri: text(),
    errorOnMissing: dynBool().default(false),
  }),
  async run(ctx) {
    const uri = await ctx.render(ctx.props.uri);
    const errorOnMissing = await resolved(ctx, ctx.props.errorOnMissing, (v) => v.trim() === "true");
    const deleted = await ctx.storage.delete(uri);
    if (!deleted && errorOnMissing) throw new Error(`Unable to find file '${uri}'`);
    ctx.logger.debug(deleted ? `Deleted ${uri}` : `No file ${uri} to delete`);
    return { outputs: { uri, deleted } };
  },
});
