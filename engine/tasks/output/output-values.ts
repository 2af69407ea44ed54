import { z } from "zod";
import { stringMap } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const outputValues = defineRunnable({
  type: "io.kestra.plugin.core.output.OutputValues",
  aliases: ["io.kestra.core.tasks.outputs.OutputValues"],
  title: "Expose rendered values as the `values` output",
  properties: z.object({
    values: stringMap().default({}),
  }),
});
