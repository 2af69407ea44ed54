import { isTerminated, transition } from "./state";
import type { Execution, StateType } from "./types";
import type { Work } from "./work";

/**
 * Stops everything still in progress: unfinished task runs become KILLED (the shell is told
 * to stop in-flight runnables and child executions), then the execution takes `state`.
 */
export function terminate(work: Work, state: StateType): void {
  for (const run of work.runs) {
    if (isTerminated(run.state.current)) continue;
    const definition = work.tree.node(run.taskId)?.definition;
    const inFlight = run.state.current === "RUNNING" || run.state.current === "KILLING";
    if (inFlight && definition?.kind === "runnable" && !definition.timer && !definition.inline) {
      work.actions.push({ kind: "kill", taskRunId: run.id });
    }
    if (inFlight && definition?.kind === "flowable" && definition.subflow) {
      const child = run.outputs?.executionId;
      if (typeof child === "string") work.actions.push({ kind: "killExecution", executionId: child });
    }
    const openAttempt = run.attempts?.length && !isTerminated(run.attempts[run.attempts.length - 1].state.current);
    work.setRunState(run.id, "KILLED", openAttempt ? "close" : undefined);
  }
  work.setExecutionState(state);
}

/** Asks for an execution to be killed: KILLING now, KILLED (with its task runs) at the next advance. */
export function kill(execution: Execution, now: Date): Execution {
  const current = execution.state.current;
  if (isTerminated(current) || current === "KILLING") return execution;
  return { ...execution, state: transition(execution.state, "KILLING", now.toISOString()) };
}
