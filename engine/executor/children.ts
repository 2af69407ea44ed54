import { resolveTasks, sequentialNexts, type ResolvedTask } from "./resolve";
import { killDescendants } from "./terminate";
import type { TaskRun } from "./types";
import { errorMessage, type Work } from "./work";

/**
 * Creates the next task runs: the flow's own sequence (tasks, then errors or finally), then
 * whatever each RUNNING flowable asks for. A flowable that cannot decide (a template error
 * in its condition or values) fails, as in Kestra.
 */
export async function createNexts(work: Work): Promise<void> {
  const { flow } = work;
  const top = sequentialNexts(
    work.runs,
    resolveTasks(flow.tasks, null) ?? [],
    resolveTasks(flow.errors, null),
    resolveTasks(flow.finally, null),
    null,
  );
  add(work, top, null);
  await createFlowableNexts(work);
}

/** The children each RUNNING flowable asks for. */
export async function createFlowableNexts(work: Work): Promise<void> {
  for (const run of work.runs.filter((r) => r.state.current === "RUNNING")) {
    const definition = work.tree.node(run.taskId)?.definition;
    if (definition?.kind !== "flowable" || !definition.next) continue;
    let nexts: ResolvedTask[];
    try {
      nexts = await definition.next(work.flowableContext(run));
    } catch (error) {
      fail(work, run, error);
      continue;
    }
    add(work, nexts, run.id);
  }
}

/** Ends the RUNNING flowables whose children allow it (or pauses them: Pause). */
export async function resolveStates(work: Work): Promise<void> {
  for (const run of work.runs.filter((r) => r.state.current === "RUNNING")) {
    const definition = work.tree.node(run.taskId)?.definition;
    if (definition?.kind !== "flowable" || !definition.state) continue;
    // A child waiting for its retry must not let its parent end (Kestra does the same).
    if (work.runs.some((child) => child.parentTaskRunId === run.id && child.state.current === "RETRYING")) continue;
    let state;
    try {
      state = await definition.state(work.flowableContext(work.run(run.id) as TaskRun));
    } catch (error) {
      fail(work, run, error);
      continue;
    }
    if (!state) continue;
    work.setRunState(run.id, state);
    if (state === "FAILED" && definition.killsOnFailure?.(work.flowableContext(run))) killDescendants(work, run.id);
    if (state === "PAUSED") work.setExecutionState("PAUSED");
  }
}

function add(work: Work, nexts: ResolvedTask[], parentId: string | null): void {
  work.addRuns(nexts.map((t) => work.newRun(t.task, t.parentId ?? parentId, t.value, t.iteration)));
}

function fail(work: Work, run: TaskRun, error: unknown): void {
  work.log("ERROR", errorMessage(error), run);
  work.setRunState(run.id, "FAILED");
}
