import { z } from "zod";
import { parseDuration } from "@/engine/executor/duration";
import type { FlowableContext, Timer } from "@/engine/executor/flowable";
import { resolveInputs } from "@/engine/executor/inputs";
import { lastEntered } from "@/engine/executor/state";
import type { TaskRun } from "@/engine/executor/types";
import { flowInput } from "@/engine/flow/inputs";
import { dynDuration, dynEnum } from "@/engine/flow/values";
import { branchShape, listChildren, optionalTaskList } from "../children";
import { defineFlowable } from "../define";
import { endState, inSequence } from "./branches";

/** A run pauses once: RUNNING and never PAUSED before (a restarted Pause does not pause again). */
function needsPause(run: TaskRun): boolean {
  return run.state.current === "RUNNING" && !run.state.histories.some((h) => h.state === "PAUSED");
}

const OUTCOMES = { RESUME: "resume", WARN: "WARNING", FAIL: "FAILED", CANCEL: "CANCELLED" } as const;

async function duration(ctx: FlowableContext<{ [k: string]: unknown }>, value: unknown): Promise<number | undefined> {
  return typeof value === "string" ? parseDuration(await ctx.render(value)) : undefined;
}

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
  async next(ctx) {
    if (needsPause(ctx.taskRun) || ctx.taskRun.state.current === "PAUSED") return [];
    return inSequence(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
  async state(ctx) {
    if (needsPause(ctx.taskRun)) return "PAUSED";
    return endState(ctx, ctx.resolve(ctx.props.tasks) ?? []);
  },
  /** `pauseDuration` (or the older `delay`) resumes by `behavior`; `timeout` alone fails the run. */
  async timer(ctx): Promise<Timer | undefined> {
    const since = lastEntered(ctx.taskRun.state, "PAUSED");
    if (!since || ctx.taskRun.state.current !== "PAUSED") return undefined;
    const wait = await duration(ctx, ctx.props.pauseDuration ?? ctx.props.delay);
    if (wait !== undefined) {
      const behavior = ctx.props.behavior === undefined ? "RESUME" : await ctx.render(ctx.props.behavior);
      const outcome = OUTCOMES[behavior as keyof typeof OUTCOMES] ?? "resume";
      return { at: new Date(Date.parse(since) + wait).toISOString(), outcome };
    }
    const timeout = await duration(ctx, ctx.props.timeout);
    return timeout === undefined ? undefined : { at: new Date(Date.parse(since) + timeout).toISOString(), outcome: "FAILED" };
  },
  resumed(ctx, inputs) {
    if (!ctx.props.onResume) return {};
    const resolved = resolveInputs(ctx.props.onResume, inputs, "typed");
    if (!resolved.ok) throw new Error(resolved.errors.map((e) => e.message).join("; "));
    return { onResume: resolved.inputs };
  },
});
