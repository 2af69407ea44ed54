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
});
