import { formatDuration } from "./duration";
import type { State, StateType } from "./types";

/** Kestra's State.Type predicates, shared by execution, task run and attempt states. */
const TERMINATED: ReadonlySet<StateType> = new Set([
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "RETRIED",
  "SKIPPED",
]);

export const isTerminated = (type: StateType) => TERMINATED.has(type);
/** CREATED and RESTARTED both mean "to be started". */
export const isCreated = (type: StateType) => type === "CREATED" || type === "RESTARTED";
export const isFailed = (type: StateType) => type === "FAILED";
export const isPaused = (type: StateType) => type === "PAUSED";

/** A fresh state whose history starts with `type` at `date`. */
export function newState(type: StateType, date: string): State {
  return withDates({ current: type, histories: [{ state: type, date }], startDate: date, endDate: null, duration: "PT0S" }, date);
}

/** The state after a transition to `type` at `date`; the same state when nothing changes. */
export function transition(state: State, type: StateType, date: string): State {
  if (state.current === type) return state;
  return withDates({ ...state, current: type, histories: [...state.histories, { state: type, date }] }, date);
}

function withDates(state: State, date: string): State {
  const startDate = state.histories[0]?.date ?? date;
  const endDate = isTerminated(state.current) ? date : null;
  const until = endDate ?? date;
  return { ...state, startDate, endDate, duration: formatDuration(Date.parse(until) - Date.parse(startDate)) };
}

/** The date of the last transition. */
export function lastDate(state: State): string {
  return state.histories[state.histories.length - 1]?.date ?? state.startDate;
}

/** The date the state last entered `type`, if it ever did. */
export function lastEntered(state: State, type: StateType): string | undefined {
  for (let i = state.histories.length - 1; i >= 0; i--) if (state.histories[i].state === type) return state.histories[i].date;
  return undefined;
}
