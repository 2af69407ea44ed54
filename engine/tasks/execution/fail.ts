import { z } from "zod";
import { text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const fail = defineRunnable({
  type: "io.kestra.plugin.core.execution.Fail",
  aliases: ["io.kestra.core.tasks.executions.Fail"],
  title: "Fail the execution, always or when a condition renders true",
  properties: z.object({
    condition: text().optional(),
    errorMessage: text().default("Task failure"),
  }),
});
