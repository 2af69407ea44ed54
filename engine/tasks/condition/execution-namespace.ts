import { z } from "zod";
import { bool, text } from "@/engine/flow/values";
import { defineCondition } from "../define";

export const executionNamespaceCondition = defineCondition({
  type: "io.kestra.plugin.core.condition.ExecutionNamespace",
  aliases: [
    "io.kestra.plugin.core.condition.ExecutionNamespaceCondition",
    "io.kestra.core.models.conditions.types.ExecutionNamespaceCondition",
    // Deprecated by Kestra in favour of ExecutionNamespace (namespace, prefix).
    "io.kestra.plugin.core.condition.FlowNamespaceCondition",
    "io.kestra.core.models.conditions.types.FlowNamespaceCondition",
  ],
  properties: z.object({
    namespace: text(),
    comparison: z.enum(["EQUALS", "PREFIX", "SUFFIX"]).optional(),
    /** Deprecated: `comparison: PREFIX`. */
    prefix: bool().default(false),
  }),
});
