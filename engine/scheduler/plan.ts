import type { CompiledSchedule } from "./cron";
import { zonedIso } from "./cron";

export type RecoverMissedSchedules = "ALL" | "LAST" | "NONE";

export type PlanInput = {
  schedule: CompiledSchedule;
  /** The trigger's stored next date (due when ≤ now). */
  next: Date;
  now: Date;
  recover: RecoverMissedSchedules;
  /** A due date older than this is missed (the scheduler was down or far behind). */
  graceMs: number;
  /** Kestra's lateMaximumDelay, in ms: a date later than this is skipped whatever `recover` says. */
  lateMaximumDelayMs?: number;
  /** Most fires in one pass; the rest stay due for the next pass. */
  limit: number;
};

export type Plan = { fires: Date[]; next: Date | null };

/**
 * Which due dates of a Schedule fire now, and the next date to store. A date less than
 * `graceMs` old is on time and fires under every mode; older ones are missed: ALL fires
 * each of them, LAST the latest one, NONE none (Kestra's recoverMissedSchedules). Pure.
 */
export function planFires(input: PlanInput): Plan {
  const { schedule, now, recover, limit } = input;
  const due: Date[] = [];
  let cursor: Date | null = input.next;
  if (recover === "ALL") {
    // Fire at most `limit` now; the first unfired date stays stored as next.
    while (cursor && cursor.getTime() <= now.getTime() && due.length < limit) {
      due.push(cursor);
      cursor = schedule.next(cursor);
    }
  } else if (cursor.getTime() <= now.getTime()) {
    // Only the latest two due dates can fire (the on-time one and the last missed one):
    // found from now backwards, however long the outage was.
    const last = schedule.previous(new Date(now.getTime() + 1)) ?? cursor;
    const before = schedule.previous(last);
    if (before && before.getTime() >= cursor.getTime()) due.push(before);
    due.push(last);
    cursor = schedule.next(last);
  }
  const late = input.lateMaximumDelayMs;
  const isOnTime = (d: Date) => now.getTime() - d.getTime() <= input.graceMs;
  const inDelay = (d: Date) => late === undefined || now.getTime() - d.getTime() <= late;
  let fires: Date[];
  if (recover === "ALL") fires = due;
  else {
    const onTime = due.filter(isOnTime);
    const missed = due.filter((d) => !isOnTime(d));
    fires = recover === "LAST" && missed.length ? [missed[missed.length - 1], ...onTime] : onTime;
  }
  return { fires: fires.filter(inDelay), next: cursor };
}

type Variables = { date: string; next?: string; previous?: string };

/** Variables per schedule and date: the triggers sharing a cron fire the same dates (croner's previous is slow). */
const variablesCache = new WeakMap<CompiledSchedule, Map<number, Variables>>();

/** Kestra's Schedule trigger variables for a fire at `date`: date, next and previous, in the zone. */
export function scheduleVariables(schedule: CompiledSchedule, date: Date): Variables {
  let cache = variablesCache.get(schedule);
  if (!cache) variablesCache.set(schedule, (cache = new Map()));
  let variables = cache.get(date.getTime());
  if (!variables) {
    variables = computeVariables(schedule, date);
    if (cache.size >= 1000) cache.clear();
    cache.set(date.getTime(), variables);
  }
  return { ...variables };
}

function computeVariables(schedule: CompiledSchedule, date: Date): Variables {
  if (schedule.onDates) return { date: zonedIso(date, schedule.zone) };
  const next = schedule.next(date);
  const previous = schedule.previous(date);
  return {
    date: zonedIso(date, schedule.zone),
    ...(next ? { next: zonedIso(next, schedule.zone) } : {}),
    ...(previous ? { previous: zonedIso(previous, schedule.zone) } : {}),
  };
}
