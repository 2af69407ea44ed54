import { completeTaskRun } from "./complete";
import { inFlightTaskRuns } from "./in-flight";
import { isTerminated, transition } from "./state";
import type { Flow } from "@/engine/flow/schema";
import type { Execution, LogEntry } from "./types";

/**
 * Ends the work of a pass whose thread was stopped because it computed without pause past
 * its CPU budget (code no step meter reaches: a regular expression that backtracks, a huge
 * parse): its task runs in flight fail with `message`, and the execution goes on from
 * there (errors branches, retries) at its next advance. With no task run in flight the
 * stall was in the advance itself, which would stall again: the execution fails.
 */
export function failStalled(flow: Flow, execution: Execution, message: string, now: Date): { execution: Execution; logs: LogEntry[] } {
  const line = (taskRunId: string | null, taskId: string | null): LogEntry => ({
    namespace: execution.namespace,
    flowId: execution.flowId,
    taskId,
    executionId: execution.id,
    taskRunId,
    attemptNumber: null,
    triggerId: null,
    timestamp: now.toISOString(),
    level: "ERROR",
    message,
  });
  const runs = inFlightTaskRuns(flow, execution);
  if (runs.length > 0) {
    let failed = execution;
    for (const run of runs) failed = completeTaskRun(flow, failed, run.id, { state: "FAILED", error: message }, now);
    return { execution: failed, logs: runs.map((run) => line(run.id, run.taskId)) };
  }
  const date = now.toISOString();
  const taskRunList = execution.taskRunList.map((run) =>
    isTerminated(run.state.current) ? run : { ...run, state: transition(run.state, "FAILED", date) },
  );
  return { execution: { ...execution, taskRunList, state: transition(execution.state, "FAILED", date) }, logs: [line(null, null)] };
}
