import { z } from "zod";
import { text } from "@/engine/flow/values";
import { branchShape, listChildren, optionalTaskList, taskList } from "../children";
import { defineFlowable } from "../define";

export const ifTask = defineFlowable({
  type: "io.kestra.plugin.core.flow.If",
  aliases: ["io.kestra.core.tasks.flows.If"],
  title: "Run `then` or `else` depending on a condition",
  properties: ({ task }) =>
    z.object({
      /** Rendered; true, "true" or a non-zero number run `then`. */
      condition: text(),
      then: taskList(task, "then tasks"),
      else: optionalTaskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["then", "else", "errors", "finally"]),
});
