import { z } from "zod";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { loopValues } from "./for-each";

/** Deprecated in Kestra 0.19 in favour of ForEach; still in many flows. */
export const eachSequential = defineFlowable({
  type: "io.kestra.plugin.core.flow.EachSequential",
  aliases: ["io.kestra.core.tasks.flows.EachSequential"],
  title: "Run tasks once per value, one iteration after the other",
  properties: ({ task }) =>
    z.object({
      value: loopValues(),
      tasks: taskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
});
