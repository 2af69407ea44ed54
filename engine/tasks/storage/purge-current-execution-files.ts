import { z } from "zod";
import { defineRunnable } from "../define";

export const purgeCurrentExecutionFiles = defineRunnable({
  type: "io.kestra.plugin.core.storage.PurgeCurrentExecutionFiles",
  aliases: [
    "io.kestra.core.tasks.storages.PurgeCurrentExecutionFiles",
    "io.kestra.core.tasks.storages.PurgeExecution",
    "io.kestra.plugin.core.storage.PurgeExecution",
  ],
  title: "Delete every file the current execution has in the internal storage",
  properties: z.object({}),
  async run(ctx) {
    const uris: string[] = [];
    for (const uri of await ctx.storage.list()) if (await ctx.storage.delete(uri)) uris.push(uri);
    ctx.logger.info(`Deleted ${uris.length} file${uris.length === 1 ? "" : "s"} of the execution`);
    return { outputs: { uris } };
  },
});
