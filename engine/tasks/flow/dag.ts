import { z } from "zod";
import { isTerminated } from "@/engine/executor/state";
import { int } from "@/engine/flow/values";
import type { Task } from "../common";
import { branchShape, listChildren } from "../children";
import { defineFlowable, type ChildTask } from "../define";
import { endState, inParallel } from "./branches";

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
  // A task starts once every task it depends on has ended (a disabled one counts as ended).
  async next(ctx) {
    const nodes = ctx.props.tasks as DagNode[];
    const children = ctx.resolve(nodes.map((n) => n.task)) ?? [];
    return inParallel(ctx, children, ctx.props.concurrent, (child, existing) => {
      const deps = nodes.find((n) => n.task.id === child.task.id)?.dependsOn ?? [];
      const disabled = (id: string) => nodes.some((n) => n.task.id === id && n.task.disabled);
      return deps.every((dep) => disabled(dep) || existing.some((r) => r.taskId === dep && isTerminated(r.state.current)));
    });
  },
  async state(ctx) {
    return endState(ctx, ctx.resolve((ctx.props.tasks as DagNode[]).map((n) => n.task)) ?? []);
  },
});
