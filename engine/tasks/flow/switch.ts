import { z } from "zod";
import { text } from "@/engine/flow/values";
import { branchShape, listChildren, mapChildren, optionalTaskList } from "../children";
import { defineFlowable } from "../define";

export const switchTask = defineFlowable({
  type: "io.kestra.plugin.core.flow.Switch",
  aliases: ["io.kestra.core.tasks.flows.Switch"],
  title: "Run the tasks of the case matching a value",
  properties: ({ task }) =>
    z
      .object({
        value: text(),
        cases: z.record(z.string(), z.array(task)).optional(),
        defaults: optionalTaskList(task),
        ...branchShape(task),
      })
      .refine((v) => v.cases !== undefined || v.defaults !== undefined, {
        message: "a Switch needs cases or defaults",
        path: ["cases"],
      }),
  children: (task) => [
    ...mapChildren(task, "cases"),
    ...listChildren(task, ["defaults", "errors", "finally"]),
  ],
});
