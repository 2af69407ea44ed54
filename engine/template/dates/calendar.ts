/**
 * Calendar and zone arithmetic for Kestra's date filters: a `ZonedDateTime` is an instant with
 * nanoseconds plus a zone (IANA region through Intl, or a fixed offset). Pure functions and
 * caches, no I/O.
 */
import { EvalError } from "../errors";

export type Zone = { readonly id: string; readonly fixedOffset: number | null };
export type ZonedDateTime = { readonly epochSecond: number; readonly nano: number; readonly zone: Zone };

export type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
};

export type Fields = LocalDateTime & { offset: number; dayOfWeek: number; dayOfYear: number; epochDay: number };

const SECONDS_PER_DAY = 86_400;

// ---- calendar arithmetic (proleptic Gregorian, independent of JS Date's range quirks) ----

/** Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}


function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}

/** ISO day of week, 1 = Monday ... 7 = Sunday. */
export function dayOfWeekOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}


export function pad(value: number, width: number): string {
  const text = String(Math.abs(value)).padStart(width, "0");
  return value < 0 ? `-${text}` : text;
}

export function formatOffsetId(offset: number): string {
  if (offset === 0) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const base = `${sign}${pad(Math.floor(abs / 3600), 2)}:${pad(Math.floor((abs % 3600) / 60), 2)}`;
  return abs % 60 === 0 ? base : `${base}:${pad(abs % 60, 2)}`;
}


// ---- zones ----

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
const MAX_CACHED_ZONES = 500;

function zoneFormatter(id: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(id);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: id,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      era: "short",
    });
    if (zoneFormatters.size >= MAX_CACHED_ZONES) zoneFormatters.clear();
    zoneFormatters.set(id, formatter);
  }
  return formatter;
}

const OFFSET_ZONE = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/;

/** `ZoneId.of`: `Z`, `UTC`, `+02:00`, `UTC+2`, or an IANA region such as `Europe/Paris`. */
export function resolveZone(id: string): Zone {
  if (id === "Z") return { id: "Z", fixedOffset: 0 };
  if (id === "UTC" || id === "GMT" || id === "UT") return { id, fixedOffset: 0 };
  const match = OFFSET_ZONE.exec(id);
  if (match) {
    const sign = match[1] === "-" ? -1 : 1;
    const hours = Number(match[2]);
    const minutes = Number(match[3] ?? 0);
    const seconds = Number(match[4] ?? 0);
    if (hours > 18 || minutes > 59 || seconds > 59) throw new EvalError("EVALUATION", `Invalid zone offset: ${id}`);
    const fixedOffset = sign * (hours * 3600 + minutes * 60 + seconds);
    return { id: fixedOffset === 0 ? "Z" : formatOffsetId(fixedOffset), fixedOffset };
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(id)) throw new EvalError("EVALUATION", `Unknown time-zone ID: ${id}`);
  try {
    zoneFormatter(id);
  } catch {
    throw new EvalError("EVALUATION", `Unknown time-zone ID: ${id}`);
  }
  return { id, fixedOffset: null };
}

/** Offset in seconds of `zone` at the instant `epochSecond`. */
export function offsetAt(zone: Zone, epochSecond: number): number {
  if (zone.fixedOffset !== null) return zone.fixedOffset;
  const ms = epochSecond * 1000;
  if (Math.abs(ms) > 8.64e15) throw new EvalError("EVALUATION", "Date out of range");
  const parts = zoneFormatter(zone.id).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const era = parts.find((p) => p.type === "era")?.value ?? "AD";
  const yearOfEra = part("year");
  const year = era.startsWith("B") ? 1 - yearOfEra : yearOfEra;
  const local =
    daysFromCivil(year, part("month"), part("day")) * SECONDS_PER_DAY + part("hour") * 3600 + part("minute") * 60 + part("second");
  return local - Math.floor(epochSecond);
}

/**
 * A local date-time in a zone → instant, resolving DST like Java's `ZonedDateTime.of`: in an
 * overlap the earlier offset wins, in a gap the time moves forward by the gap's length.
 */
export function fromLocal(local: LocalDateTime, zone: Zone): ZonedDateTime {
  const localSeconds =
    daysFromCivil(local.year, local.month, local.day) * SECONDS_PER_DAY + local.hour * 3600 + local.minute * 60 + local.second;
  if (zone.fixedOffset !== null) {
    return { epochSecond: localSeconds - zone.fixedOffset, nano: local.nano, zone };
  }
  const before = offsetAt(zone, localSeconds - SECONDS_PER_DAY);
  const after = offsetAt(zone, localSeconds + SECONDS_PER_DAY);
  const candidate = localSeconds - before;
  if (offsetAt(zone, candidate) === before) return { epochSecond: candidate, nano: local.nano, zone };
  const other = localSeconds - after;
  if (offsetAt(zone, other) === after) return { epochSecond: other, nano: local.nano, zone };
  return { epochSecond: candidate, nano: local.nano, zone };
}

export function fieldsOf(date: ZonedDateTime): Fields {
  const offset = offsetAt(date.zone, date.epochSecond);
  const local = date.epochSecond + offset;
  const epochDay = Math.floor(local / SECONDS_PER_DAY);
  const secondOfDay = local - epochDay * SECONDS_PER_DAY;
  const civil = civilFromDays(epochDay);
  return {
    ...civil,
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
    second: secondOfDay % 60,
    nano: date.nano,
    offset,
    dayOfWeek: dayOfWeekOf(epochDay),
    dayOfYear: epochDay - daysFromCivil(civil.year, 1, 1) + 1,
    epochDay,
  };
}

export function withZone(date: ZonedDateTime, zone: Zone): ZonedDateTime {
  return { ...date, zone };
}

export function fromDate(date: Date, zone: Zone): ZonedDateTime {
  const ms = Date.prototype.getTime.call(date);
  if (Number.isNaN(ms)) throw new EvalError("TYPE", "Invalid date");
  const epochSecond = Math.floor(ms / 1000);
  return { epochSecond, nano: (ms - epochSecond * 1000) * 1_000_000, zone };
}

export function toDate(date: ZonedDateTime): Date {
  return new Date(date.epochSecond * 1000 + Math.floor(date.nano / 1_000_000));
}

// ---- arithmetic ----

const TIME_UNITS: Record<string, number> = {
  NANOS: 1e-9,
  MICROS: 1e-6,
  MILLIS: 1e-3,
  SECONDS: 1,
  MINUTES: 60,
  HOURS: 3600,
  HALF_DAYS: 43_200,
};
const DAY_UNITS: Record<string, number> = { DAYS: 1, WEEKS: 7 };
const MONTH_UNITS: Record<string, number> = { MONTHS: 1, YEARS: 12, DECADES: 120, CENTURIES: 1200, MILLENNIA: 12_000 };

/** `ZonedDateTime.plus(amount, ChronoUnit.valueOf(unit))`. */
export function plus(date: ZonedDateTime, amount: number, unit: string): ZonedDateTime {
  const timeFactor = TIME_UNITS[unit];
  if (timeFactor !== undefined) {
    if (timeFactor >= 1) return { ...date, epochSecond: date.epochSecond + amount * timeFactor };
    const totalNanos = BigInt(date.nano) + BigInt(amount) * BigInt(Math.round(timeFactor * 1e9));
    const carry = totalNanos >= 0n ? totalNanos / 1_000_000_000n : (totalNanos - 999_999_999n) / 1_000_000_000n;
    return {
      ...date,
      epochSecond: date.epochSecond + Number(carry),
      nano: Number(totalNanos - carry * 1_000_000_000n),
    };
  }
  const fields = fieldsOf(date);
  const dayFactor = DAY_UNITS[unit];
  if (dayFactor !== undefined) {
    const civil = civilFromDays(fields.epochDay + amount * dayFactor);
    return fromLocal({ ...fields, ...civil }, date.zone);
  }
  const monthFactor = MONTH_UNITS[unit];
  if (monthFactor !== undefined) {
    const monthIndex = fields.year * 12 + (fields.month - 1) + amount * monthFactor;
    const year = Math.floor(monthIndex / 12);
    const month = monthIndex - year * 12 + 1;
    const day = Math.min(fields.day, daysInMonth(year, month));
    return fromLocal({ ...fields, year, month, day }, date.zone);
  }
  throw new EvalError("EVALUATION", `No enum constant java.time.temporal.ChronoUnit.${unit}`);
}

