import { z } from "zod";
import { dynBool, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const kvGet = defineRunnable({
  type: "io.kestra.plugin.core.kv.Get",
  title: "Read a value of the namespace's key-value store",
  properties: z.object({
    key: text(),
    namespace: text().optional(),
    errorOnMissing: dynBool().default(false),
  }),
});
