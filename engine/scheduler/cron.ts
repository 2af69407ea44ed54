import { Cron } from "croner";
import { formatOffsetId, offsetAt, pad, resolveZone, civilFromDays } from "@/engine/template/dates/calendar";

/** Kestra's cron nicknames (cron-utils' UNIX definition), as 5-field patterns. */
const NICKNAMES: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export const SCHEDULE = "io.kestra.plugin.core.trigger.Schedule";
export const SCHEDULE_ON_DATES = "io.kestra.plugin.core.trigger.ScheduleOnDates";

/** A Schedule's cron, seconds flag and zone; or a ScheduleOnDates' `dates` (then `cron` is unused). */
export type ScheduleSpec = { cron: string; withSeconds?: boolean; timezone?: string; dates?: readonly string[] };

/** A compiled schedule: the instants it fires at, in its zone. */
export type CompiledSchedule = {
  zone: string;
  /** The first fire strictly after `after`, or null when there is none. */
  next: (after: Date) => Date | null;
  /** The last fire strictly before `before`, or null. */
  previous: (before: Date) => Date | null;
  /** A list of dates (ScheduleOnDates): its executions get `trigger.date` alone, as Kestra's. */
  onDates?: boolean;
};

/** A property of the trigger that is wrong, and why. */
export type ScheduleIssue = { field: "cron" | "timezone" | "dates"; message: string };

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * One of ScheduleOnDates' `dates`: an ISO date-time with an offset or a `Z` (Kestra's
 * ZonedDateTime), or, leniently, a local date-time read in `zone`. Whole seconds (Kestra
 * truncates them). Null when it is not a date.
 */
export function parseScheduleDate(text: string, zone: string): Date | null {
  const local = LOCAL_DATE_TIME.exec(text.trim());
  let ms: number;
  if (local) {
    const [, y, mo, d, h, mi, se] = local.map(Number);
    const asUtc = Date.UTC(y, mo - 1, d, h, mi, se || 0);
    // The zone's offset at that wall time (checked twice around DST changes).
    const first = offsetAt(resolveZone(zone), Math.floor(asUtc / 1000));
    const offset = offsetAt(resolveZone(zone), Math.floor(asUtc / 1000) - first);
    ms = asUtc - offset * 1000;
  } else {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text.trim())) return null;
    ms = Date.parse(text);
  }
  if (!Number.isFinite(ms)) return null;
  return new Date(Math.floor(ms / 1000) * 1000);
}

/** The sorted, distinct instants of a ScheduleOnDates. */
function datesOf(spec: ScheduleSpec, zone: string): Date[] {
  const times = new Set<number>();
  for (const d of spec.dates ?? []) {
    const date = parseScheduleDate(d, zone);
    if (date) times.add(date.getTime());
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

/** The server's zone, Kestra's default when a Schedule names none. */
function serverZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function zoneIssue(timezone: string): string | null {
  try {
    resolveZone(timezone);
  } catch {
    return `unknown time zone "${timezone}"`;
  }
  // croner needs a zone Intl knows (fixed offsets such as +02:00 are not IANA ids).
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return null;
  } catch {
    return `unknown time zone "${timezone}"; use an IANA zone such as Europe/Paris`;
  }
}

function patternOf(spec: ScheduleSpec): { pattern: string } | { issue: string } {
  const text = spec.cron.trim();
  const nickname = NICKNAMES[text.toLowerCase()];
  if (nickname) return { pattern: spec.withSeconds ? `0 ${nickname}` : nickname };
  if (text.startsWith("@")) return { issue: `unknown cron nickname "${text}"; use one of ${Object.keys(NICKNAMES).join(", ")}` };
  const fields = text.split(/\s+/).length;
  const expected = spec.withSeconds ? 6 : 5;
  if (fields !== expected) {
    return { issue: `a cron has ${expected} fields${spec.withSeconds ? " with withSeconds" : " (6 with withSeconds: true)"}; "${text}" has ${fields}` };
  }
  return { pattern: text };
}

/** What is wrong with a Schedule's cron and zone; empty when it compiles. */
export function scheduleIssues(spec: ScheduleSpec): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  if (spec.timezone !== undefined) {
    const issue = zoneIssue(spec.timezone);
    if (issue) issues.push({ field: "timezone", message: issue });
  }
  if (spec.dates) {
    if (spec.dates.length === 0) issues.push({ field: "dates", message: "list at least one date" });
    for (const [i, d] of spec.dates.entries()) {
      if (typeof d !== "string" || !parseScheduleDate(d, issues.length ? "UTC" : (spec.timezone ?? serverZone()))) {
        issues.push({ field: "dates", message: `dates[${i}]: "${String(d)}" is not a date-time (ISO 8601, such as 2025-06-01T08:00:00+02:00)` });
      }
    }
    return issues;
  }
  const pattern = patternOf(spec);
  if ("issue" in pattern) {
    issues.push({ field: "cron", message: pattern.issue });
    return issues;
  }
  try {
    const cron = new Cron(pattern.pattern, { paused: true, mode: spec.withSeconds ? "6-part" : "5-part", timezone: issues.length ? undefined : spec.timezone });
    if (!cron.nextRun(new Date())) issues.push({ field: "cron", message: `"${spec.cron}" never fires` });
  } catch (error) {
    issues.push({ field: "cron", message: `invalid cron "${spec.cron}": ${(error as Error).message.replace(/^CronPattern: /, "")}` });
  }
  return issues;
}

/**
 * Compiles a valid Schedule (see scheduleIssues). DST follows croner, as Kestra's cron-utils
 * does for fixed times: a time in the skipped hour fires once at the end of the gap, a time in
 * the repeated hour fires once (its first occurrence); wildcard minutes and hours fire on
 * every real minute or hour.
 */
export function compileSchedule(spec: ScheduleSpec): CompiledSchedule {
  const issues = scheduleIssues(spec);
  if (issues.length) throw new Error(`${issues[0].field}: ${issues[0].message}`);
  const zone = spec.timezone ?? serverZone();
  if (spec.dates) {
    const dates = datesOf(spec, zone);
    return {
      zone,
      onDates: true,
      next: (after) => dates.find((d) => d.getTime() > after.getTime()) ?? null,
      previous: (before) => dates.findLast((d) => d.getTime() < before.getTime()) ?? null,
    };
  }
  const pattern = (patternOf(spec) as { pattern: string }).pattern;
  const cron = new Cron(pattern, { paused: true, mode: spec.withSeconds ? "6-part" : "5-part", timezone: zone });
  return {
    zone,
    next: remembered((after) => cron.nextRun(after)),
    previous: remembered((before) => cron.previousRuns(1, before)[0] ?? null),
  };
}

/**
 * A date function that remembers its last answers: the triggers sharing a cron are due at
 * the same instant, so a scheduler pass asks croner the same question thousands of times.
 */
function remembered(compute: (at: Date) => Date | null): (at: Date) => Date | null {
  const answers = new Map<number, number | null>();
  return (at) => {
    let answer = answers.get(at.getTime());
    if (answer === undefined) {
      answer = compute(at)?.getTime() ?? null;
      if (answers.size >= 1000) answers.clear();
      answers.set(at.getTime(), answer);
    }
    return answer === null ? null : new Date(answer);
  };
}

/** An instant as ISO-8601 with the zone's offset at that instant (`2026-03-29T03:00:00+02:00`). */
export function zonedIso(date: Date, zone: string): string {
  const epochSecond = Math.floor(date.getTime() / 1000);
  const offset = offsetAt(resolveZone(zone), epochSecond);
  const local = epochSecond + offset;
  const day = Math.floor(local / 86400);
  const second = local - day * 86400;
  const { year, month, day: dom } = civilFromDays(day);
  const time = `${pad(Math.floor(second / 3600), 2)}:${pad(Math.floor((second % 3600) / 60), 2)}:${pad(second % 60, 2)}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dom, 2)}T${time}${formatOffsetId(offset)}`;
}

const compiled = new Map<string, CompiledSchedule | null>();

/**
 * compileSchedule for the scheduler's hot path: null when the spec has issues, and compiled
 * once per distinct spec (a few thousand triggers usually share a handful of crons).
 */
export function cachedSchedule(spec: ScheduleSpec): CompiledSchedule | null {
  const key = JSON.stringify([spec.cron, spec.withSeconds ?? false, spec.timezone ?? null, spec.dates ?? null]);
  let schedule = compiled.get(key);
  if (schedule === undefined) {
    schedule = scheduleIssues(spec).length ? null : compileSchedule(spec);
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(key, schedule);
  }
  return schedule;
}
