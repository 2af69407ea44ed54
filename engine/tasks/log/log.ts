import { z } from "zod";
import { dynEnum, LOG_LEVELS, text } from "@/engine/flow/values";
import { defineRunnable } from "../define";

export const log = defineRunnable({
  type: "io.kestra.plugin.core.log.Log",
  aliases: ["io.kestra.core.tasks.log.Log"],
  title: "Log a message (or several) in the task logs",
  properties: z.object({
    message: z.union([text(), z.array(text())], {
      error: "expected a message or a list of messages",
    }),
    level: dynEnum(LOG_LEVELS).default("INFO"),
  }),
});
