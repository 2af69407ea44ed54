import { z } from "zod";
import { int } from "@/engine/flow/values";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";

export const parallel = defineFlowable({
  type: "io.kestra.plugin.core.flow.Parallel",
  aliases: ["io.kestra.core.tasks.flows.Parallel"],
  title: "Run tasks in parallel",
  properties: ({ task }) =>
    z.object({
      /** How many children run at once; 0 means no limit. */
      concurrent: int({ min: 0 }).default(0),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
});
