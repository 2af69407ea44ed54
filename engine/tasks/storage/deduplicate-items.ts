import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";
import { readItems } from "./items";

export const deduplicateItems = defineRunnable({
  type: "io.kestra.plugin.core.storage.DeduplicateItems",
  aliases: ["io.kestra.core.tasks.storages.DeduplicateItems"],
  title: "Keep the last item of an Ion file for each key an expression gives",
  properties: z.object({
    from: text(),
    /** Rendered for each item with its fields as variables: `{{ customer_email }}`. */
    expr: z.string(),
  }),
  async run(ctx) {
    const from = await ctx.render(ctx.props.from);
    const items = await readItems(ctx, from);
    const keys: string[] = [];
    for (const item of items) keys.push(await ctx.renderWith(ctx.props.expr, item.fields));
    const last = new Map<string, number>();
    keys.forEach((key, offset) => last.set(key, offset));
    const kept = items.filter((_, offset) => last.get(keys[offset]) === offset);
    const uri = await ctx.storage.put(kept.map((i) => `${i.line}\n`).join(""), { extension: ".ion" });
    return { outputs: { uri, numKeys: last.size, processedItemsTotal: items.length, droppedItemsTotal: items.length - kept.length } };
  },
});
