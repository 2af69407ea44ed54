import { z } from "zod";
import { parseDuration } from "@/engine/executor/duration";
import { dynBool, dynDuration, dynEnum, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

const KV_TYPES = ["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"] as const;

export const kvSet = defineRunnable({
  type: "io.kestra.plugin.core.kv.Set",
  title: "Store a value in the namespace's key-value store",
  properties: z.object({
    key: text(),
    value: z.unknown().refine((v) => v !== undefined, "value is required"),
    /** Defaults to the flow's namespace. */
    namespace: text().optional(),
    overwrite: dynBool().default(true),
    ttl: dynDuration().optional(),
    kvType: dynEnum(KV_TYPES).optional(),
    description: z.string().optional(),
  }),
  async run(ctx) {
    const { props } = ctx;
    const namespace = props.namespace === undefined ? ctx.flow.namespace : await ctx.render(props.namespace);
    const key = await ctx.render(props.key);
    const value = typeof props.value === "string" ? await ctx.renderTyped(props.value) : await ctx.renderRecursive(props.value);
    const overwrite = typeof props.overwrite === "boolean" ? props.overwrite : (await ctx.render(props.overwrite)) === "true";
    const ttl = props.ttl === undefined ? undefined : parseDuration(await ctx.render(props.ttl));
    const type = props.kvType === undefined ? undefined : await ctx.render(props.kvType);
    if (!overwrite && (await ctx.kv.get(namespace, key)) !== null) {
      throw new Error(`Cannot set value for key '${key}'. Key already exists and \`overwrite\` is set to \`false\`.`);
    }
    await ctx.kv.set(namespace, key, value, { ttlMs: ttl, overwrite, type, description: props.description });
  },
});
