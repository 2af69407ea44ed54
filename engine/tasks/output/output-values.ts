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
  async run(ctx) {
    // Strings are rendered, other scalars (numbers, booleans) kept as written.
    return { outputs: { values: await ctx.renderRecursive(ctx.props.values) } };
  },
});
