import { z } from "zod";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";

export const sequential = defineFlowable({
  type: "io.kestra.plugin.core.flow.Sequential",
  aliases: ["io.kestra.core.tasks.flows.Sequential"],
  title: "Run tasks one after the other",
  properties: ({ task }) =>
    z.object({
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
});
