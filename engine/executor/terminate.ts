import { awaitedChildren } from "./awaited";
import { isTerminated, transition } from "./state";
import type { Execution, StateType, TaskRun } from "./types";
import type { Work } from "./work";

/**
 * Stops everything still in progress: unfinished task runs become KILLED (the shell is told
 * to stop in-flight runnables and child executions), then the execution takes `state`.
 */
export function terminate(work: Work, state: StateType): void {
  for (const run of work.runs) killRun(work, run);
  work.setExecutionState(state);
}

/** Kills the unfinished task runs below `parentId` (Parallel's failFast), at any depth. */
export function killDescendants(work: Work, parentId: string): void {
  const below = new Set([parentId]);
  for (const run of work.runs) {
    if (run.parentTaskRunId !== null && below.has(run.parentTaskRunId)) {
      below.add(run.id);
      killRun(work, run);
    }
  }
}

/** An unfinished task run becomes KILLED; the shell is told to stop its runnable or child execution. */
function killRun(work: Work, run: TaskRun): void {
  if (isTerminated(run.state.current)) return;
  const definition = work.tree.node(run.taskId)?.definition;
  const inFlight = run.state.current === "RUNNING" || run.state.current === "KILLING";
  if (inFlight && definition?.kind === "runnable" && !definition.timer && !definition.inline) {
    work.actions.push({ kind: "kill", taskRunId: run.id });
  }
  if (inFlight && definition?.kind === "flowable" && (definition.subflow || definition.subflows)) {
    for (const child of awaitedChildren(run)) work.actions.push({ kind: "killExecution", executionId: child });
  }
  const openAttempt = run.attempts?.length && !isTerminated(run.attempts[run.attempts.length - 1].state.current);
  work.setRunState(run.id, "KILLED", openAttempt ? "close" : undefined);
}

/** Asks for an execution to be killed: KILLING now, KILLED (with its task runs) at the next advance. */
export function kill(execution: Execution, now: Date): Execution {
  const current = execution.state.current;
  if (isTerminated(current) || current === "KILLING") return execution;
  return { ...execution, state: transition(execution.state, "KILLING", now.toISOString()) };
}
