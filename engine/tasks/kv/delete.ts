import { z } from "zod";
import { dynBool, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const kvDelete = defineRunnable({
  type: "io.kestra.plugin.core.kv.Delete",
  title: "Delete a key of the namespace's key-value store",
  properties: z.object({
    key: text(),
    namespace: text().optional(),
    errorOnMissing: dynBool().default(false),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = props.namespace === undefined ? ctx.flow.namespace : await ctx.render(props.namespace);
    const key = await ctx.render(props.key);
    const deleted = await ctx.kv.delete(namespace, key);
    const errorOnMissing = typeof props.errorOnMissing === "boolean" ? props.errorOnMissing : (await ctx.render(props.errorOnMissing)) === "true";
    if (!deleted && errorOnMissing) throw new Error(`The key '${key}' does not exist in the namespace '${namespace}'.`);
    return { outputs: { deleted } };
  },
});
