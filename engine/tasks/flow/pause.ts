import { z } from "zod";
import { flowInput } from "@/engine/flow/inputs";
import { dynDuration, dynEnum } from "@/engine/flow/values";
import { branchShape, listChildren, optionalTaskList } from "../children";
import { defineFlowable } from "../define";

export const pause = defineFlowable({
  type: "io.kestra.plugin.core.flow.Pause",
  aliases: ["io.kestra.core.tasks.flows.Pause"],
  title: "Pause the execution until resumed, or for a delay",
  properties: ({ task }) =>
    z.object({
      /** Resume by itself after this delay. */
      delay: dynDuration().optional(),
      /** How long to wait for a manual resume before `behavior` applies. */
      timeout: dynDuration().optional(),
      pauseDuration: dynDuration().optional(),
      behavior: dynEnum(["RESUME", "WARN", "CANCEL", "FAIL"]).optional(),
      /** Inputs asked when resuming, exposed as `outputs.<id>.onResume`. */
      onResume: z.array(flowInput()).optional(),
      /** Deprecated: tasks run after the pause. */
      tasks: optionalTaskList(task),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
});
