import { z } from "zod";
import { parseDuration } from "@/engine/executor/duration";
import type { FlowableContext } from "@/engine/executor/flowable";
import type { ResolvedTask } from "@/engine/executor/resolve";
import { isTerminated, lastDate } from "@/engine/executor/state";
import type { TaskRun } from "@/engine/executor/types";
import { bool, duration, int, text } from "@/engine/flow/values";
import type { Task } from "../common";
import { branchShape, listChildren, taskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

/**
 * Kestra's flow.WaitFor: runs its tasks, then checks `condition` (with the outputs of that
 * iteration): while it is truthy, and neither `checkFrequency.maxIterations` nor
 * `maxDuration` is reached, it waits `checkFrequency.interval` and runs them again. Output
 * `iterationCount` (1 for the first iteration), which the tasks and the condition see as
 * `outputs.<id>.iterationCount`; the run's `taskrun.iteration` counts the repeats. With
 * `failOnMaxReached`, reaching a maximum fails it; otherwise it ends as its tasks did.
 *
 * The iterations live in the task runs: the children of iteration n carry `iteration` n - 1,
 * and a timer of the RUNNING WaitFor starts the next one (engine/executor/timers.ts).
 */
type Props = {
  tasks: Task[];
  errors?: Task[];
  finally?: Task[];
  condition: string;
  failOnMaxReached: boolean;
  checkFrequency: { maxIterations: number; maxDuration: string; interval: string };
};
type Ctx = FlowableContext<Props>;

/** What JavaScript-like truthiness Kestra's TruthUtils applies to a rendered condition. */
function truthy(rendered: string): boolean {
  return !["", "false", "0", "-0", "null", "0.0"].includes(rendered.trim());
}

function iterationCount(run: TaskRun): number {
  const n = run.outputs?.iterationCount;
  return typeof n === "number" && n >= 1 ? n : 1;
}

/** This iteration's view: earlier iterations' runs of the main tasks hidden. */
function current(ctx: Ctx): { ctx: Ctx; children: ResolvedTask[]; index: number } {
  const index = iterationCount(ctx.taskRun) - 1;
  const main = new Set(ctx.props.tasks.map((t) => t.id));
  const runs = ctx.runs.filter((r) => r.parentTaskRunId !== ctx.taskRun.id || !main.has(r.taskId) || (r.iteration ?? 0) === index);
  const children = (ctx.resolve(ctx.props.tasks) ?? []).map((t) => ({ ...t, iteration: index }));
  return { ctx: { ...ctx, runs }, children, index };
}

/** The runs of this iteration's main tasks when every one of them ended in SUCCESS, else undefined. */
function succeeded(view: ReturnType<typeof current>): TaskRun[] | undefined {
  const { ctx, children } = view;
  const ids = new Set(children.filter((c) => !c.task.disabled).map((c) => c.task.id));
  const runs = ctx.runs.filter((r) => r.parentTaskRunId === ctx.taskRun.id && ids.has(r.taskId));
  const ok = runs.filter((r) => isTerminated(r.state.current) && r.state.current === "SUCCESS");
  return ok.length === ids.size && runs.length === ids.size ? ok : undefined;
}

function reachedMaximum(ctx: Ctx): "iterations" | "duration" | undefined {
  const { maxIterations, maxDuration } = ctx.props.checkFrequency;
  if (iterationCount(ctx.taskRun) >= maxIterations) return "iterations";
  const created = ctx.taskRun.state.histories[0]?.date ?? ctx.taskRun.state.startDate;
  if (Date.parse(created) + parseDuration(maxDuration) < ctx.now.getTime()) return "duration";
  return undefined;
}

/** Whether another iteration follows this (ended, successful) one. */
async function again(ctx: Ctx): Promise<boolean> {
  if (reachedMaximum(ctx)) return false;
  return truthy(await ctx.render(ctx.props.condition));
}

export const waitFor = defineFlowable({
  type: "io.kestra.plugin.core.flow.WaitFor",
  title: "Run tasks again and again while a condition holds",
  properties: ({ task }) =>
    z.object({
      tasks: taskList(task),
      /** Rendered after each iteration: truthy runs the tasks again. */
      condition: text(),
      failOnMaxReached: bool().default(false),
      checkFrequency: z
        .object({
          maxIterations: int({ min: 1 }).default(100),
          maxDuration: duration().default("PT1H"),
          interval: duration().default("PT1S"),
        })
        .default({ maxIterations: 100, maxDuration: "PT1H", interval: "PT1S" }),
      ...branchShape(task),
    }),
  children: (task) => listChildren(task, ["tasks", "errors", "finally"]),
  async outputs() {
    return { iterationCount: 1 };
  },
  async next(ctx) {
    const view = current(ctx as Ctx);
    return inSequence(view.ctx, view.children);
  },
  async state(ctx) {
    const view = current(ctx as Ctx);
    if (succeeded(view)) {
      if (await again(ctx as Ctx)) return undefined; // the timer starts the next iteration
      if (ctx.props.failOnMaxReached && reachedMaximum(ctx as Ctx)) return "FAILED";
    }
    return endState(view.ctx, view.children);
  },
  async timer(ctx) {
    if (ctx.taskRun.state.current !== "RUNNING") return undefined;
    const view = current(ctx as Ctx);
    const done = succeeded(view);
    if (!done || !(await again(ctx as Ctx))) return undefined;
    const ended = Math.max(...done.map((r) => Date.parse(lastDate(r.state))), 0);
    const count = iterationCount(ctx.taskRun);
    return {
      at: new Date(ended + parseDuration(ctx.props.checkFrequency.interval)).toISOString(),
      outcome: "update",
      update: { outputs: { ...ctx.taskRun.outputs, iterationCount: count + 1 }, iteration: count },
    };
  },
});
