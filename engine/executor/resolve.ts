import type { Task } from "@/engine/tasks/common";
import { isCreated, isFailed, isTerminated } from "./state";
import type { StateType, TaskRun } from "./types";

/**
 * Kestra's FlowableUtils and the Execution helpers it relies on: which child task runs a
 * flowable creates next and which state it ends in, decided only from the task runs that
 * already exist. Flowable task definitions call these from their `next` and `state`.
 */

/** A task placed under a parent run, for one loop value when inside a loop. */
export type ResolvedTask = {
  task: Task;
  parentId: string | null;
  value?: string | null;
  iteration?: number | null;
};

/** Task runs of the execution, as the helpers below read them. */
export type RunList = readonly TaskRun[];

export function resolveTasks(tasks: readonly Task[] | undefined, parentId: string | null): ResolvedTask[] | undefined {
  return tasks?.map((task) => ({ task, parentId }));
}

function withoutDisabled(tasks: ResolvedTask[] | undefined): ResolvedTask[] | undefined {
  return tasks?.filter((t) => !t.task.disabled);
}

const keyOf = (taskId: string, value: string) => `${taskId}\u0000${value}`;

/** The runs of these tasks under this parent, in creation order. Indexed: loops have thousands. */
function runsOf(runs: RunList, tasks: ResolvedTask[] | undefined, parentId: string | null): TaskRun[] {
  if (!tasks || tasks.length === 0) return [];
  const anyValue = new Set<string>();
  const exact = new Set<string>();
  for (const t of tasks) {
    if (t.value === undefined || t.value === null) anyValue.add(t.task.id);
    else exact.add(keyOf(t.task.id, t.value));
  }
  return runs.filter(
    (run) =>
      (parentId === null || run.parentTaskRunId === parentId) &&
      (anyValue.has(run.taskId) || (run.value !== null && exact.has(keyOf(run.taskId, run.value)))),
  );
}

/** Tasks of `tasks` that have no run yet among `existing`. */
function notStarted(tasks: ResolvedTask[], existing: TaskRun[]): ResolvedTask[] {
  const started = new Set(existing.map((r) => keyOf(r.taskId, r.value ?? "")));
  const startedAnyValue = new Set(existing.map((r) => r.taskId));
  return tasks.filter((t) => (t.value === undefined || t.value === null ? !startedAnyValue.has(t.task.id) : !started.has(keyOf(t.task.id, t.value))));
}

export function allTerminated(runs: RunList, tasks: ResolvedTask[], parentId: string | null): boolean {
  const found = runsOf(runs, tasks, parentId).filter((r) => isTerminated(r.state.current)).length;
  return found === tasks.length;
}

function hasFailed(runs: RunList, tasks: ResolvedTask[] | undefined, parentId: string | null): boolean {
  return runsOf(runs, tasks, parentId).some((r) => isFailed(r.state.current));
}

function hasCancelled(runs: RunList, tasks: ResolvedTask[] | undefined, parentId: string | null): boolean {
  return runsOf(runs, tasks, parentId).some((r) => r.state.current === "CANCELLED");
}

/**
 * The branch to follow: `finally` once started, `errors` after a failure, `finally` once the
 * tasks (or the errors) are done, else the tasks. A CANCELLED task run stops the tasks (no
 * `errors`: nothing failed; `finally` still runs). Disabled tasks are ignored everywhere.
 * An empty list means "nothing to run right now".
 */
export function currentBranch(
  runs: RunList,
  tasks: ResolvedTask[],
  errors: ResolvedTask[] | undefined,
  finallyTasks: ResolvedTask[] | undefined,
  parentId: string | null,
): ResolvedTask[] {
  const main = withoutDisabled(tasks) ?? [];
  const onError = withoutDisabled(errors);
  const onFinally = withoutDisabled(finallyTasks);
  const hasFinally = onFinally !== undefined && onFinally.length > 0;

  if (hasFinally && runsOf(runs, onFinally, parentId).length > 0) return onFinally;

  const errorsStarted = runsOf(runs, onError, parentId).length > 0;
  const failed = hasFailed(runs, main, parentId);
  if (errorsStarted || failed) {
    if (onError && onError.length > 0 && !allTerminated(runs, onError, parentId)) return onError;
    if (!hasFinally) return onError ?? [];
    return onFinally;
  }
  if (hasCancelled(runs, main, parentId)) return onFinally ?? [];
  if (hasFinally && allTerminated(runs, main, parentId)) return onFinally;
  return main;
}

/** Next task run of a sequence: the first task without a run, once every started one has ended. */
export function sequentialNexts(
  runs: RunList,
  tasks: ResolvedTask[],
  errors: ResolvedTask[] | undefined,
  finallyTasks: ResolvedTask[] | undefined,
  parentId: string | null,
): ResolvedTask[] {
  return nextInSequence(runs, currentBranch(runs, tasks, errors, finallyTasks, parentId), parentId);
}

function nextInSequence(runs: RunList, current: ResolvedTask[], parentId: string | null): ResolvedTask[] {
  if (current.length === 0) return [];
  const existing = runsOf(runs, current, parentId);
  if (existing.length === 0) return [current[0]];
  // Anything not finished (created, running, paused, retrying) holds the sequence.
  if (existing.some((r) => !isTerminated(r.state.current))) return [];
  // The first gap rather than "after the last one": a replayed loop keeps runs of later
  // values of its first task and must go on with the second task of the first value.
  const next = notStarted(current, existing)[0];
  return next ? [next] : [];
}

/** Every child not started yet, at most `concurrency` unfinished at once (0: no limit). */
export function parallelNexts(
  runs: RunList,
  tasks: ResolvedTask[],
  errors: ResolvedTask[] | undefined,
  finallyTasks: ResolvedTask[] | undefined,
  parentId: string | null,
  concurrency: number,
  ready: (task: ResolvedTask, existing: TaskRun[]) => boolean = () => true,
): ResolvedTask[] {
  const current = currentBranch(runs, tasks, errors, finallyTasks, parentId);
  // errors and finally always run one after the other
  if (!sameTasks(current, withoutDisabled(tasks) ?? [])) return nextInSequence(runs, current, parentId);
  const existing = runsOf(runs, current, parentId);
  if (existing.some((r) => isCreated(r.state.current))) return [];
  const active = existing.filter((r) => !isTerminated(r.state.current)).length;
  const room = concurrency > 0 ? concurrency - active : Number.POSITIVE_INFINITY;
  if (room <= 0) return [];
  return notStarted(current, existing)
    .filter((t) => ready(t, existing))
    .slice(0, room);
}

/**
 * Loop iterations (ForEach with a concurrency limit other than 1): the tasks of one value run
 * in sequence, at most `concurrency` values are in progress at once (0: no limit).
 */
export function concurrentNexts(
  runs: RunList,
  tasks: ResolvedTask[],
  errors: ResolvedTask[] | undefined,
  finallyTasks: ResolvedTask[] | undefined,
  parentId: string | null,
  concurrency: number,
): ResolvedTask[] {
  const current = currentBranch(runs, tasks, errors, finallyTasks, parentId);
  if (!sameTasks(current, withoutDisabled(tasks) ?? [])) return nextInSequence(runs, current, parentId);
  const groups = new Map<string, ResolvedTask[]>();
  for (const t of current) {
    const key = t.value ?? "";
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const runsByValue = new Map<string, TaskRun[]>();
  for (const run of runsOf(runs, current, parentId)) {
    const key = run.value ?? "";
    runsByValue.set(key, [...(runsByValue.get(key) ?? []), run]);
  }
  const out: ResolvedTask[] = [];
  let inProgress = 0;
  const waiting: ResolvedTask[][] = [];
  for (const [value, group] of groups) {
    const existing = runsByValue.get(value) ?? [];
    const done = existing.length === group.length && existing.every((r) => isTerminated(r.state.current));
    if (existing.length === 0) waiting.push(group);
    else if (!done) {
      inProgress++;
      out.push(...nextInSequence(existing, group, parentId));
    }
  }
  const room = concurrency > 0 ? concurrency - inProgress : Number.POSITIVE_INFINITY;
  for (const group of waiting.slice(0, Math.max(0, room))) out.push(group[0]);
  return out;
}

function sameTasks(a: ResolvedTask[], b: ResolvedTask[]): boolean {
  return a.length === b.length && a.every((t, i) => t.task.id === b[i].task.id && t.value === b[i].value);
}

/**
 * The final state of a group of task runs: KILLED beats CANCELLED beats FAILED beats WARNING
 * beats PAUSED beats SUCCESS; `allowFailure` turns FAILED into WARNING, `allowWarning` WARNING
 * into SUCCESS. CANCELLED counts as newer Kestra has it (kestra-io/kestra#17062, "cancelled
 * task run must not yield a SUCCESS execution"); 0.21 ignored it and ended SUCCESS.
 */
export function guessFinalState(
  runs: RunList,
  tasks: ResolvedTask[],
  parentId: string | null,
  allowFailure = false,
  allowWarning = false,
): StateType {
  const found = runsOf(runs, tasks, parentId).map((r) => r.state.current);
  const order: StateType[] = ["KILLED", "CANCELLED", "FAILED", "WARNING", "PAUSED"];
  let state: StateType = order.find((s) => found.includes(s)) ?? "SUCCESS";
  if (state === "FAILED" && allowFailure) state = allowWarning ? "SUCCESS" : "WARNING";
  else if (state === "WARNING" && allowWarning) state = "SUCCESS";
  return state;
}

/**
 * Kestra's FlowableUtils.resolveState: undefined while children still run, else the end state,
 * guessed from the children only (as Kestra does: a failing `finally` does not fail its parent).
 */
export function resolveState(
  runs: RunList,
  tasks: ResolvedTask[],
  errors: ResolvedTask[] | undefined,
  finallyTasks: ResolvedTask[] | undefined,
  parentId: string | null,
  allowFailure: boolean,
  allowWarning: boolean,
): StateType | undefined {
  const enabled = withoutDisabled(tasks) ?? [];
  if (enabled.length === 0) return "SUCCESS";
  const current = currentBranch(runs, tasks, errors, finallyTasks, parentId);
  const counted = enabled;
  if (current.length > 0) {
    if (allTerminated(runs, current, parentId)) return guessFinalState(runs, counted, parentId, allowFailure, allowWarning);
    return undefined;
  }
  // A failed (or cancelled) child ends the flowable at once, as in Kestra: siblings still running
  // carry on (and end on their own) unless the flowable kills them (Parallel's failFast).
  if (hasFailed(runs, enabled, parentId) || hasCancelled(runs, enabled, parentId)) return guessFinalState(runs, counted, parentId, allowFailure, allowWarning);
  return undefined;
}
