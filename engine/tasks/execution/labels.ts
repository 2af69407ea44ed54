import { z } from "zod";
import { dynamicLabels } from "@/engine/flow/labels";
import { defineRunnable } from "../define";

export const labelsTask = defineRunnable({
  type: "io.kestra.plugin.core.execution.Labels",
  aliases: ["io.kestra.core.tasks.executions.Labels"],
  title: "Add or override labels of the current execution",
  properties: z.object({
    labels: dynamicLabels(),
  }),
});
