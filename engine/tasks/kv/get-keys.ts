import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const kvGetKeys = defineRunnable({
  type: "io.kestra.plugin.core.kv.GetKeys",
  title: "List the keys of the namespace's key-value store",
  properties: z.object({
    /** Only keys starting with it. */
    prefix: text().optional(),
    /** Defaults to the flow's namespace. */
    namespace: text().optional(),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = props.namespace === undefined ? ctx.flow.namespace : await ctx.render(props.namespace);
    const prefix = props.prefix === undefined ? undefined : await ctx.render(props.prefix);
    return { outputs: { keys: await ctx.kv.keys(namespace, prefix) } };
  },
});
