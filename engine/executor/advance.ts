import type { Flow } from "@/engine/flow/schema";
import { isDone, runAfterExecution } from "./after-execution";
import { createNexts, resolveStates } from "./children";
import { handleEnd } from "./end";
import { handleFailures } from "./retrying";
import { startCreated } from "./start";
import { isTerminated } from "./state";
import { terminate } from "./terminate";
import { collectTimers, earliest, fireDueTimers } from "./timers";
import type { AdvanceResult, Execution } from "./types";
import { Work, type ExecutorContext } from "./work";

/** Enough for any real flow; a flow that still moves after this many rounds has a bug. */
const MAX_ROUNDS = 500;

/**
 * The executor's decision, as a pure function of the flow, the execution document and the
 * time: the next document, the actions the shell must perform (run a task, start or kill a
 * child execution, retry as a new execution, write a log line) and when to call again.
 * No I/O happens here except the injected template functions; the caller's document is
 * never mutated.
 *
 * One round follows Kestra's executor: restart and kill requests, due timers, failures
 * (retries, allowFailure), the end of the execution, next task runs, flowable states, then
 * the task runs to start. Rounds repeat until nothing changes.
 */
export async function advance(flow: Flow, execution: Execution, now: Date, ctx: ExecutorContext = {}): Promise<AdvanceResult> {
  const work = new Work(flow, execution, now, ctx);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = work.version;
    await step(work);
    if (work.version === before) break;
  }
  const wakeAt = isDone(flow, work.execution) ? undefined : earliest(await collectTimers(work));
  return { execution: work.execution, actions: work.actions, ...(wakeAt ? { wakeAt } : {}) };
}

async function step(work: Work): Promise<void> {
  const state = work.execution.state.current;
  if (state === "QUEUED") return;
  if (isTerminated(state)) {
    if (isDone(work.flow, work.execution)) return;
    await fireDueTimers(work);
    await runAfterExecution(work);
    return;
  }
  startRunning(work);
  if (work.execution.state.current === "KILLING") {
    terminate(work, "KILLED");
    return;
  }
  await fireDueTimers(work);
  if (isTerminated(work.execution.state.current)) return;
  // A resumed Pause leaves the execution RESTARTED, like a restart.
  startRunning(work);
  if (handleFailures(work)) return;
  if (await handleEnd(work)) return;
  await createNexts(work);
  await resolveStates(work);
  await startCreated(work);
}

/** CREATED means admitted (the shell calls admit() first for flows with a concurrency limit). */
function startRunning(work: Work): void {
  const state = work.execution.state.current;
  if (state === "CREATED" || state === "RESTARTED") work.setExecutionState("RUNNING");
}
