import { z } from "zod";
import { int } from "@/engine/flow/values";
import type { Task } from "../common";
import { branchShape, listChildren } from "../children";
import { defineFlowable, type ChildTask } from "../define";

export type DagNode = { task: Task; dependsOn?: string[] };

export const dag = defineFlowable({
  type: "io.kestra.plugin.core.flow.Dag",
  aliases: ["io.kestra.core.tasks.flows.Dag"],
  title: "Run tasks as a graph of dependencies",
  properties: ({ task }) =>
    z.object({
      /** Tasks running at once; 0 means no limit. */
      concurrent: int({ min: 0 }).default(0),
      tasks: z
        .array(z.strictObject({ task, dependsOn: z.array(z.string()).optional() }))
        .min(1, "tasks must not be empty"),
      ...branchShape(task),
    }),
  children: (task): ChildTask[] => [
    ...((task.tasks as DagNode[] | undefined) ?? []).map((node, i) => ({
      path: ["tasks", i, "task"],
      task: node.task,
    })),
    ...listChildren(task, ["errors", "finally"]),
  ],
});
