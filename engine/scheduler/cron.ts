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

export type ScheduleSpec = { cron: string; withSeconds?: boolean; timezone?: string };

/** A compiled schedule: the instants it fires at, in its zone. */
export type CompiledSchedule = {
  zone: string;
  /** The first fire strictly after `after`, or null when there is none. */
  next: (after: Date) => Date | null;
  /** The last fire strictly before `before`, or null. */
  previous: (before: Date) => Date | null;
};

/** A property of the trigger that is wrong, and why. */
export type ScheduleIssue = { field: "cron" | "timezone"; message: string };

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
  const pattern = (patternOf(spec) as { pattern: string }).pattern;
  const cron = new Cron(pattern, { paused: true, mode: spec.withSeconds ? "6-part" : "5-part", timezone: zone });
  return {
    zone,
    next: (after) => cron.nextRun(after),
    previous: (before) => cron.previousRuns(1, before)[0] ?? null,
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
