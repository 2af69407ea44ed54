import { z } from "zod";
import { dynBool, dynDuration, dynEnum, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const KV_TYPES = ["STRING", "NUMBER", "BOOLEAN", "DATETIME", "DATE", "DURATION", "JSON"] as const;

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
});
