import { markRun } from "./mark-as";
import { effectiveRetry, nextTaskRetryDate } from "./retry";
import { slaTimers } from "./sla";
import type { StateType, TaskRun } from "./types";
import { errorMessage, type Work } from "./work";

/** Something that happens at `at`: a retry, the end of a Sleep or a Pause, an SLA deadline. */
export type Due = { at: string; fire: () => Promise<void> | void };

/** Every pending timer of the execution, computed from its task runs and its flow. */
export async function collectTimers(work: Work): Promise<Due[]> {
  const out: Due[] = [];
  for (const run of work.runs) {
    const state = run.state.current;
    if (state === "RETRYING") {
      const retry = effectiveRetry(work.flow, work.tree, run.taskId);
      const at = retry ? nextTaskRetryDate(retry, run) : null;
      out.push({ at: at ?? work.now, fire: () => retryNow(work, run.id) });
      continue;
    }
    if (state !== "PAUSED" && state !== "RUNNING") continue;
    const definition = work.tree.node(run.taskId)?.definition;
    if (!definition?.timer) continue;
    // A flowable's timer decides for itself (Pause only while PAUSED, WaitFor between iterations).
    let timer;
    try {
      timer = await definition.timer(work.flowableContext(run));
    } catch (error) {
      out.push({ at: work.now, fire: () => failRun(work, run, error) });
      continue;
    }
    if (!timer) continue;
    const { at } = timer;
    out.push({
      at,
      fire: () => {
        const current = work.run(run.id);
        if (!current || current.state.current !== state) return;
        if (timer.outcome === "update") {
          const { outputs, iteration } = timer.update;
          work.update(run.id, (r) => ({ ...r, outputs, iteration }));
          return;
        }
        if (timer.outcome === "resume") return markRun(work, run.id, "RUNNING");
        if (state === "PAUSED") return endPause(work, run.id, timer.outcome);
        work.setRunState(run.id, timer.outcome, "close");
      },
    });
  }
  out.push(...slaTimers(work));
  return out;
}

/** Fires the timers that are due; returns the ones still pending. */
export async function fireDueTimers(work: Work): Promise<Due[]> {
  const timers = await collectTimers(work);
  const pending: Due[] = [];
  for (const timer of timers) {
    if (timer.at <= work.now) await timer.fire();
    else pending.push(timer);
  }
  return pending;
}

/**
 * A Pause whose duration or timeout ran out: straight from PAUSED to the outcome, as
 * Kestra's markAs does (a timeout fails it, or WARNING/SUCCESS with allowFailure/allowWarning,
 * as for any failure); its history holds RUNNING once.
 */
function endPause(work: Work, taskRunId: string, outcome: StateType): void {
  const task = work.task(work.run(taskRunId) as TaskRun);
  let state = outcome;
  if (state === "FAILED" && task?.allowFailure) state = task.allowWarning ? "SUCCESS" : "WARNING";
  markRun(work, taskRunId, state);
}

function retryNow(work: Work, taskRunId: string): void {
  const run = work.run(taskRunId);
  if (!run || run.state.current !== "RETRYING") return;
  work.setRunState(taskRunId, "CREATED");
  if (work.execution.state.current === "RETRYING") work.setExecutionState("RUNNING");
}

function failRun(work: Work, run: TaskRun, error: unknown): void {
  work.log("ERROR", errorMessage(error), run);
  work.setRunState(run.id, "FAILED", "close");
}

export function earliest(timers: Due[]): string | undefined {
  let min: string | undefined;
  for (const t of timers) if (min === undefined || t.at < min) min = t.at;
  return min;
}
