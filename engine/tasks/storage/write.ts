import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const write = defineRunnable({
  type: "io.kestra.plugin.core.storage.Write",
  title: "Write content to a file of the execution's internal storage",
  properties: z.object({
    content: text(),
    extension: text().default(".ion"),
  }),
});
