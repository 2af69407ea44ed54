import { parseDuration } from "@/engine/executor/duration";

/** Kestra's `timeWindow` of Flow-trigger preconditions (and MultipleCondition's window). */
export type TimeWindow = {
  type?: "DURATION_WINDOW" | "SLIDING_WINDOW" | "DAILY_TIME_DEADLINE" | "DAILY_TIME_WINDOW";
  window?: string;
  windowAdvance?: string;
  deadline?: string;
  startTime?: string;
  endTime?: string;
};

/** Where `now` falls: a fixed window [start, end), a sliding one (results younger than `slidingMs`), or outside any. */
export type WindowAt = { kind: "fixed"; start: Date; end: Date } | { kind: "sliding"; slidingMs: number } | { kind: "closed" };

const DAY = 86_400_000;

/** "09:30", "09:30:00", "09:30:00+02:00", "09:30:00Z" → ms after midnight UTC. */
export function timeOfDayMs(text: string): number {
  const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text.trim());
  if (!m) throw new Error(`Invalid time of day '${text}'`);
  let ms = (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0)) * 1000;
  if (m[4] && m[4] !== "Z") {
    const sign = m[4][0] === "-" ? -1 : 1;
    ms -= sign * (Number(m[4].slice(1, 3)) * 3600 + Number(m[4].slice(4, 6)) * 60) * 1000;
  }
  return ((ms % DAY) + DAY) % DAY;
}

/**
 * The window `now` belongs to, as Kestra computes it: DURATION_WINDOW (the default, PT24H)
 * cuts time into fixed windows starting at midnight UTC plus `windowAdvance`;
 * SLIDING_WINDOW keeps results younger than `window`; DAILY_TIME_DEADLINE runs from
 * midnight to `deadline`, DAILY_TIME_WINDOW from `startTime` to `endTime` (outside them
 * results do not count). Pure.
 */
export function windowAt(window: TimeWindow | undefined, now: Date): WindowAt {
  const type = window?.type ?? "DURATION_WINDOW";
  const size = window?.window ? parseDuration(window.window) : DAY;
  const day = Math.floor(now.getTime() / DAY) * DAY;
  if (type === "SLIDING_WINDOW") return { kind: "sliding", slidingMs: size };
  if (type === "DAILY_TIME_DEADLINE") {
    const end = day + timeOfDayMs(window?.deadline ?? "23:59:59");
    return now.getTime() < end ? { kind: "fixed", start: new Date(day), end: new Date(end) } : { kind: "closed" };
  }
  if (type === "DAILY_TIME_WINDOW") {
    const start = day + timeOfDayMs(window?.startTime ?? "00:00:00");
    const end = day + timeOfDayMs(window?.endTime ?? "23:59:59");
    return now.getTime() >= start && now.getTime() < end ? { kind: "fixed", start: new Date(start), end: new Date(end) } : { kind: "closed" };
  }
  let start = day + (window?.windowAdvance ? parseDuration(window.windowAdvance) : 0);
  if (size <= 0) return { kind: "closed" };
  while (start > now.getTime()) start -= size;
  while (start + size <= now.getTime()) start += size;
  return { kind: "fixed", start: new Date(start), end: new Date(start + size) };
}

/** What a trigger's multi-flow condition has seen in its window (one row of flow_trigger_conditions). */
export type ConditionResults = { met: Record<string, string>; windowStart: Date | null; windowEnd: Date | null };

export type RecordInput = {
  /** Condition ids this execution satisfies. */
  met: string[];
  /** Every condition id that must hold. */
  conditions: string[];
  window: TimeWindow | undefined;
  resetOnSuccess: boolean;
  now: Date;
};

/**
 * Adds an execution's results to what the window holds and says whether the trigger fires
 * (every condition met within the window); on a fire with `resetOnSuccess` the results
 * are cleared. `state` null means: delete the stored results. Pure.
 */
export function recordResults(current: ConditionResults | null, input: RecordInput): { fire: boolean; state: ConditionResults | null } {
  const at = windowAt(input.window, input.now);
  if (at.kind === "closed") return { fire: false, state: current };
  let met: Record<string, string> = {};
  let windowStart: Date | null = null;
  let windowEnd: Date | null = null;
  if (at.kind === "fixed") {
    windowStart = at.start;
    windowEnd = at.end;
    const same = current?.windowStart?.getTime() === at.start.getTime() && current?.windowEnd?.getTime() === at.end.getTime();
    if (same) met = { ...current!.met };
  } else {
    const oldest = input.now.getTime() - at.slidingMs;
    for (const [id, date] of Object.entries(current?.met ?? {})) if (Date.parse(date) >= oldest) met[id] = date;
  }
  for (const id of input.met) met[id] = input.now.toISOString();
  const fire = input.met.length > 0 && input.conditions.every((c) => c in met);
  if (fire && input.resetOnSuccess) return { fire, state: null };
  return { fire, state: { met, windowStart, windowEnd } };
}
