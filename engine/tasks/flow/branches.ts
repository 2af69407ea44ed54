import type { FlowableContext } from "@/engine/executor/flowable";
import {
  concurrentNexts,
  parallelNexts,
  resolveState,
  sequentialNexts,
  type ResolvedTask,
} from "@/engine/executor/resolve";
import type { StateType } from "@/engine/executor/types";
import type { Task } from "../common";

/**
 * The steps every flowable shares, over its resolved children and its own `errors` and
 * `finally` branches: next children in sequence, in parallel or by loop iteration, and the
 * end state once they are done.
 */
type Ctx = FlowableContext<{ errors?: Task[]; finally?: Task[] }>;

function branches(ctx: Ctx) {
  return { errors: ctx.resolve(ctx.props.errors), finally: ctx.resolve(ctx.props.finally) };
}

export function inSequence(ctx: Ctx, children: ResolvedTask[]): ResolvedTask[] {
  const b = branches(ctx);
  return sequentialNexts(ctx.runs, children, b.errors, b.finally, ctx.taskRun.id);
}

export function inParallel(
  ctx: Ctx,
  children: ResolvedTask[],
  concurrency: number,
  ready?: Parameters<typeof parallelNexts>[6],
): ResolvedTask[] {
  const b = branches(ctx);
  return parallelNexts(ctx.runs, children, b.errors, b.finally, ctx.taskRun.id, concurrency, ready);
}

export function byIteration(ctx: Ctx, children: ResolvedTask[], concurrency: number): ResolvedTask[] {
  const b = branches(ctx);
  return concurrentNexts(ctx.runs, children, b.errors, b.finally, ctx.taskRun.id, concurrency);
}

export function endState(ctx: Ctx, children: ResolvedTask[], allowFailure = ctx.task.allowFailure): StateType | undefined {
  const b = branches(ctx);
  return resolveState(ctx.runs, children, b.errors, b.finally, ctx.taskRun.id, allowFailure, ctx.task.allowWarning);
}
