/**
 * Dates the way Kestra's date filters see them: a `ZonedDateTime` (instant + zone) with
 * nanosecond precision, Java `DateTimeFormatter` patterns (`yyyy-MM-dd`, `EEEE`, `XXX`, ...)
 * and Kestra's named formats (`iso`, `sql`, `iso_instant`, ...). Time zones come from Intl
 * (IANA names) or are fixed offsets (`+02:00`, `UTC`); no I/O, no global state but caches.
 */
import { EvalError } from "./errors";
import { type TemplateValue } from "./values";

export type Zone = { readonly id: string; readonly fixedOffset: number | null };
export type ZonedDateTime = { readonly epochSecond: number; readonly nano: number; readonly zone: Zone };

type LocalDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
};

type Fields = LocalDateTime & { offset: number; dayOfWeek: number; dayOfYear: number; epochDay: number };

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

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 30;
}

/** ISO day of week, 1 = Monday ... 7 = Sunday. */
function dayOfWeekOf(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
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
  const ms = date.getTime();
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

// ---- locale data ----

type LocaleNames = {
  monthsLong: string[];
  monthsShort: string[];
  monthsNarrow: string[];
  daysLong: string[];
  daysShort: string[];
  daysNarrow: string[];
  am: string;
  pm: string;
  firstDayOfWeek: number;
  minimalDays: number;
};

const localeCache = new Map<string, LocaleNames>();

/** Java locales are written `fr_FR`; Intl wants `fr-FR`. */
export function normalizeLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, "-"))[0] ?? "en-US";
  } catch {
    throw new EvalError("EVALUATION", `Invalid locale: ${locale}`);
  }
}

function localeNames(locale: string): LocaleNames {
  const cached = localeCache.get(locale);
  if (cached) return cached;
  const month = (style: "long" | "short" | "narrow"): string[] => {
    const format = new Intl.DateTimeFormat(locale, { month: style, timeZone: "UTC" });
    return Array.from({ length: 12 }, (_, index) => format.format(Date.UTC(2021, index, 15)));
  };
  // 2021-03-01 was a Monday: index 0 is Monday, as in java.time.
  const weekday = (style: "long" | "short" | "narrow"): string[] => {
    const format = new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" });
    return Array.from({ length: 7 }, (_, index) => format.format(Date.UTC(2021, 2, 1 + index)));
  };
  const period = (hour: number): string => {
    const parts = new Intl.DateTimeFormat(locale, { hour: "numeric", hour12: true, timeZone: "UTC" }).formatToParts(
      Date.UTC(2021, 0, 1, hour),
    );
    return parts.find((part) => part.type === "dayPeriod")?.value ?? (hour < 12 ? "AM" : "PM");
  };
  const weekInfo = (new Intl.Locale(locale) as unknown as { weekInfo?: { firstDay: number; minimalDays: number } })
    .weekInfo;
  const names: LocaleNames = {
    monthsLong: month("long"),
    monthsShort: month("short"),
    monthsNarrow: month("narrow"),
    daysLong: weekday("long"),
    daysShort: weekday("short"),
    daysNarrow: weekday("narrow"),
    am: period(9),
    pm: period(15),
    firstDayOfWeek: weekInfo?.firstDay ?? 1,
    minimalDays: weekInfo?.minimalDays ?? 4,
  };
  if (localeCache.size > 100) localeCache.clear();
  localeCache.set(locale, names);
  return names;
}

/** Week-based year and week number for a week definition (first day 1..7, minimal days). */
function weekFields(epochDay: number, year: number, firstDay: number, minimalDays: number): { weekYear: number; week: number } {
  const weekOneStart = (y: number): number => {
    const jan1 = daysFromCivil(y, 1, 1);
    const offset = (dayOfWeekOf(jan1) - firstDay + 7) % 7;
    const start = jan1 - offset;
    return 7 - offset >= minimalDays ? start : start + 7;
  };
  let weekYear = year;
  if (epochDay >= weekOneStart(year + 1)) weekYear = year + 1;
  else if (epochDay < weekOneStart(year)) weekYear = year - 1;
  return { weekYear, week: Math.floor((epochDay - weekOneStart(weekYear)) / 7) + 1 };
}

// ---- pattern compilation ----

type PatternPart =
  | { kind: "literal"; text: string }
  | { kind: "field"; letter: string; count: number }
  | { kind: "optionalStart" }
  | { kind: "optionalEnd" };

const patternCache = new Map<string, PatternPart[]>();

function compilePattern(pattern: string): PatternPart[] {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  const parts: PatternPart[] = [];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i] as string;
    if (/[A-Za-z]/.test(char)) {
      let count = 1;
      while (pattern[i + count] === char) count++;
      if (!SUPPORTED_LETTERS.includes(char)) {
        throw new EvalError("EVALUATION", `Unknown pattern letter: ${char}`);
      }
      parts.push({ kind: "field", letter: char, count });
      i += count;
    } else if (char === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === -1) throw new EvalError("EVALUATION", `Pattern ends with an incomplete string literal: ${pattern}`);
      parts.push({ kind: "literal", text: end === i + 1 ? "'" : pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (char === "[") {
      parts.push({ kind: "optionalStart" });
      i++;
    } else if (char === "]") {
      parts.push({ kind: "optionalEnd" });
      i++;
    } else {
      parts.push({ kind: "literal", text: char });
      i++;
    }
  }
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(pattern, parts);
  return parts;
}

const SUPPORTED_LETTERS = "GuyYMLQqwWEecFDdaBhKkHmsSAnNVvzOXxZ";

// ---- formatting ----

function pad(value: number, width: number): string {
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

/** `X`/`x` patterns: count 1 `+01` (`+0130` if minutes), 2 `+0130`, 3 `+01:30`, 4-5 with seconds. */
function formatIsoOffset(offset: number, count: number, zeroAsZ: boolean): string {
  if (offset === 0 && zeroAsZ) return "Z";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hours = pad(Math.floor(abs / 3600), 2);
  const minutes = pad(Math.floor((abs % 3600) / 60), 2);
  const seconds = pad(abs % 60, 2);
  const colon = count === 3 || count === 5 ? ":" : "";
  if (count === 1) return minutes === "00" ? `${sign}${hours}` : `${sign}${hours}${minutes}`;
  if (count <= 3) return `${sign}${hours}${colon}${minutes}`;
  return seconds === "00" ? `${sign}${hours}${colon}${minutes}` : `${sign}${hours}${colon}${minutes}${colon}${seconds}`;
}

function formatLocalizedOffset(offset: number, full: boolean): string {
  if (offset === 0) return "GMT";
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hours = Math.floor(abs / 3600);
  const minutes = Math.floor((abs % 3600) / 60);
  if (full) return `GMT${sign}${pad(hours, 2)}:${pad(minutes, 2)}`;
  return minutes === 0 ? `GMT${sign}${hours}` : `GMT${sign}${hours}:${pad(minutes, 2)}`;
}

function zoneName(date: ZonedDateTime, style: "short" | "long" | "shortGeneric" | "longGeneric", locale: string): string {
  if (date.zone.fixedOffset !== null) return date.zone.id;
  const parts = new Intl.DateTimeFormat(locale, { timeZone: date.zone.id, timeZoneName: style }).formatToParts(toDate(date));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? date.zone.id;
}

function ordinal(value: number): string {
  const suffix = value === 1 ? "st" : value === 2 ? "nd" : value === 3 ? "rd" : "th";
  return `${value}${suffix}`;
}

function text(names: string[], index: number): string {
  return names[index] ?? "";
}

function formatField(letter: string, count: number, date: ZonedDateTime, f: Fields, locale: string): string {
  const names = localeNames(locale);
  switch (letter) {
    case "G":
      return count === 4 ? (f.year > 0 ? "Anno Domini" : "Before Christ") : count === 5 ? (f.year > 0 ? "A" : "B") : f.year > 0 ? "AD" : "BC";
    case "u":
    case "y": {
      const year = letter === "y" && f.year <= 0 ? 1 - f.year : f.year;
      if (count === 2) return pad(((year % 100) + 100) % 100, 2);
      return pad(year, count);
    }
    case "Y": {
      const { weekYear } = weekFields(f.epochDay, f.year, names.firstDayOfWeek, names.minimalDays);
      return count === 2 ? pad(((weekYear % 100) + 100) % 100, 2) : pad(weekYear, count);
    }
    case "M":
    case "L":
      if (count >= 5) return text(names.monthsNarrow, f.month - 1);
      if (count === 4) return text(names.monthsLong, f.month - 1);
      if (count === 3) return text(names.monthsShort, f.month - 1);
      return pad(f.month, count);
    case "Q":
    case "q": {
      const quarter = Math.floor((f.month - 1) / 3) + 1;
      if (count === 3) return `Q${quarter}`;
      if (count >= 4) return `${ordinal(quarter)} quarter`;
      return pad(quarter, count);
    }
    case "w":
      return pad(weekFields(f.epochDay, f.year, names.firstDayOfWeek, names.minimalDays).week, count);
    case "W": {
      const firstOfMonth = f.epochDay - f.day + 1;
      const offset = (dayOfWeekOf(firstOfMonth) - names.firstDayOfWeek + 7) % 7;
      const weekOneStart = 7 - offset >= names.minimalDays ? firstOfMonth - offset : firstOfMonth - offset + 7;
      return String(Math.floor((f.epochDay - weekOneStart) / 7) + 1);
    }
    case "E":
      if (count === 4) return text(names.daysLong, f.dayOfWeek - 1);
      if (count >= 5) return text(names.daysNarrow, f.dayOfWeek - 1);
      return text(names.daysShort, f.dayOfWeek - 1);
    case "e":
    case "c":
      if (count <= 2) return pad(((f.dayOfWeek - names.firstDayOfWeek + 7) % 7) + 1, count);
      return formatField("E", count, date, f, locale);
    case "F":
      return String(Math.floor((f.day - 1) / 7) + 1);
    case "D":
      return pad(f.dayOfYear, count);
    case "d":
      return pad(f.day, count);
    case "a":
      return f.hour < 12 ? names.am : names.pm;
    case "B":
      return f.hour < 12 ? "in the morning" : f.hour < 18 ? "in the afternoon" : "in the evening";
    case "h":
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case "K":
      return pad(f.hour % 12, count);
    case "k":
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case "H":
      return pad(f.hour, count);
    case "m":
      return pad(f.minute, count);
    case "s":
      return pad(f.second, count);
    case "S":
      return String(f.nano).padStart(9, "0").slice(0, Math.min(count, 9)).padEnd(count, "0");
    case "A":
      return pad((f.hour * 3600 + f.minute * 60 + f.second) * 1000 + Math.floor(f.nano / 1e6), count);
    case "n":
      return pad(f.nano, count);
    case "N":
      return (BigInt(f.hour * 3600 + f.minute * 60 + f.second) * 1_000_000_000n + BigInt(f.nano)).toString().padStart(count, "0");
    case "V":
      if (count !== 2) throw new EvalError("EVALUATION", "Pattern letter count must be 2: V");
      return date.zone.id;
    case "v":
      return zoneName(date, count === 4 ? "longGeneric" : "shortGeneric", locale);
    case "z":
      return zoneName(date, count === 4 ? "long" : "short", locale);
    case "O":
      return formatLocalizedOffset(f.offset, count === 4);
    case "X":
      return formatIsoOffset(f.offset, count, true);
    case "x":
      return formatIsoOffset(f.offset, count, false);
    case "Z":
      if (count <= 3) return formatIsoOffset(f.offset, 2, false);
      if (count === 4) return formatLocalizedOffset(f.offset, true);
      return formatIsoOffset(f.offset, 3, true);
    default:
      throw new EvalError("EVALUATION", `Unknown pattern letter: ${letter}`);
  }
}

function formatPattern(date: ZonedDateTime, pattern: string, locale: string): string {
  const f = fieldsOf(date);
  return compilePattern(pattern)
    .map((part) => {
      if (part.kind === "literal") return part.text;
      if (part.kind === "field") return formatField(part.letter, part.count, date, f, locale);
      return "";
    })
    .join("");
}

/** ISO_LOCAL_TIME's fraction: as many digits as needed, trailing zeros dropped. */
function isoFraction(nano: number): string {
  return nano === 0 ? "" : `.${String(nano).padStart(9, "0").replace(/0+$/, "")}`;
}

function isoLocalTime(f: Fields): string {
  return `${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)}${isoFraction(f.nano)}`;
}

function isoYear(year: number): string {
  if (year > 9999) return `+${year}`;
  return pad(year, 4);
}

function isoLocalDate(f: Fields): string {
  return `${isoYear(f.year)}-${pad(f.month, 2)}-${pad(f.day, 2)}`;
}

function zoneSuffix(date: ZonedDateTime, f: Fields): string {
  const offset = formatOffsetId(f.offset);
  return date.zone.fixedOffset === null || date.zone.id !== offset ? `${offset}[${date.zone.id}]` : offset;
}

const NAMED_FORMATS: Record<string, (date: ZonedDateTime, f: Fields) => string> = {
  iso: (date) => formatPattern(date, "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", "en-US"),
  iso_sec: (date) => formatPattern(date, "yyyy-MM-dd'T'HH:mm:ssXXX", "en-US"),
  sql: (date) => formatPattern(date, "yyyy-MM-dd HH:mm:ss.SSSSSS", "en-US"),
  sql_seq: (date) => formatPattern(date, "yyyy-MM-dd HH:mm:ss", "en-US"),
  iso_date_time: (date, f) => `${isoLocalDate(f)}T${isoLocalTime(f)}${zoneSuffix(date, f)}`,
  iso_zoned_date_time: (date, f) => `${isoLocalDate(f)}T${isoLocalTime(f)}${zoneSuffix(date, f)}`,
  iso_offset_date_time: (_date, f) => `${isoLocalDate(f)}T${isoLocalTime(f)}${formatOffsetId(f.offset)}`,
  iso_date: (_date, f) => `${isoLocalDate(f)}${formatOffsetId(f.offset)}`,
  iso_time: (_date, f) => `${isoLocalTime(f)}${formatOffsetId(f.offset)}`,
  iso_local_date: (_date, f) => isoLocalDate(f),
  iso_local_date_time: (_date, f) => `${isoLocalDate(f)}T${isoLocalTime(f)}`,
  iso_local_time: (_date, f) => isoLocalTime(f),
  iso_offset_time: (_date, f) => `${isoLocalTime(f)}${formatOffsetId(f.offset)}`,
  iso_ordinal_date: (_date, f) => `${isoYear(f.year)}-${pad(f.dayOfYear, 3)}${formatOffsetId(f.offset)}`,
  iso_week_date: (_date, f) => {
    const { weekYear, week } = weekFields(f.epochDay, f.year, 1, 4);
    return `${isoYear(weekYear)}-W${pad(week, 2)}-${f.dayOfWeek}${formatOffsetId(f.offset)}`;
  },
  iso_instant: (date) => {
    const utc = fieldsOf(withZone(date, { id: "Z", fixedOffset: 0 }));
    const digits = String(date.nano).padStart(9, "0");
    const fraction = date.nano === 0 ? "" : `.${date.nano % 1_000_000 === 0 ? digits.slice(0, 3) : date.nano % 1000 === 0 ? digits.slice(0, 6) : digits}`;
    return `${isoLocalDate(utc)}T${pad(utc.hour, 2)}:${pad(utc.minute, 2)}:${pad(utc.second, 2)}${fraction}Z`;
  },
  rfc_1123_date_time: (date, f) => {
    const names = localeNames("en-US");
    const offset = f.offset === 0 ? "GMT" : formatIsoOffset(f.offset, 2, false);
    return `${text(names.daysShort, f.dayOfWeek - 1)}, ${f.day} ${text(names.monthsShort, f.month - 1)} ${pad(f.year, 4)} ${pad(f.hour, 2)}:${pad(f.minute, 2)}:${pad(f.second, 2)} ${offset}`;
  },
};

const STYLES = new Set(["full", "long", "medium", "short"]);

function formatStyle(date: ZonedDateTime, style: "full" | "long" | "medium" | "short", locale: string): string {
  // Intl has no fixed-offset zones on Node 20: shift the instant and print it as UTC.
  const fixed = date.zone.fixedOffset;
  const instant = fixed === null ? toDate(date) : new Date((date.epochSecond + fixed) * 1000);
  return new Intl.DateTimeFormat(locale, {
    dateStyle: style,
    timeStyle: style,
    timeZone: fixed === null ? date.zone.id : "UTC",
  }).format(instant);
}

/** `formatter(format).withLocale(locale).withZone(zone).format(date)` of Kestra's AbstractDate. */
export function formatDate(date: ZonedDateTime, format: string, zone: Zone, locale: string): string {
  const zoned = withZone(date, zone);
  const named = NAMED_FORMATS[format];
  if (named && Object.hasOwn(NAMED_FORMATS, format)) return named(zoned, fieldsOf(zoned));
  if (STYLES.has(format)) return formatStyle(zoned, format as "full" | "long" | "medium" | "short", locale);
  return formatPattern(zoned, format, locale);
}

// ---- parsing ----

const ISO_DATE_TIME =
  /^([+-]?\d{4,9})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?(?:\[([^\]]{1,64})\])?)?$/;

function checkLocal(local: LocalDateTime, text: string): LocalDateTime {
  const valid =
    local.month >= 1 &&
    local.month <= 12 &&
    local.day >= 1 &&
    local.day <= daysInMonth(local.year, local.month) &&
    local.hour >= 0 &&
    local.hour <= 23 &&
    local.minute >= 0 &&
    local.minute <= 59 &&
    local.second >= 0 &&
    local.second <= 59;
  if (!valid) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed: invalid date or time`);
  return local;
}

function fractionToNano(fraction: string | undefined): number {
  return fraction ? Number(fraction.padEnd(9, "0").slice(0, 9)) : 0;
}

/** `ZonedDateTime.parse`, falling back to `LocalDateTime.parse` then `LocalDate.parse` in `zone`. */
export function parseIso(text: string, zone: Zone): ZonedDateTime {
  const match = ISO_DATE_TIME.exec(text);
  if (!match) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed at index 0`);
  const [, year, month, day, hour, minute, second, fraction, offset, zoneId] = match;
  const local = checkLocal(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: Number(hour ?? 0),
      minute: Number(minute ?? 0),
      second: Number(second ?? 0),
      nano: fractionToNano(fraction),
    },
    text,
  );
  const targetZone = zoneId !== undefined ? resolveZone(zoneId) : offset !== undefined ? resolveZone(offset) : zone;
  if (offset !== undefined) {
    const fixed = resolveZone(offset);
    const parsed = fromLocal(local, fixed);
    return withZone(parsed, targetZone);
  }
  return fromLocal(local, targetZone);
}

type ParseSlot = { letter: string; count: number };

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function alternation(values: string[]): string {
  return `(${[...values].sort((a, b) => b.length - a.length).map(escapeRegex).join("|")})`;
}

function fieldRegex(letter: string, count: number, locale: string): string {
  const names = localeNames(locale);
  switch (letter) {
    case "y":
    case "u":
    case "Y":
      return count === 2 ? "(\\d{2})" : count >= 4 ? "([+-]?\\d{4,9})" : "([+-]?\\d{1,9})";
    case "M":
    case "L":
      if (count === 3) return alternation(names.monthsShort);
      if (count === 4) return alternation(names.monthsLong);
      return count === 1 ? "(\\d{1,2})" : `(\\d{${count}})`;
    case "E":
      return alternation(count === 4 ? names.daysLong : names.daysShort);
    case "a":
      return alternation([names.am, names.pm]);
    case "S":
      return `(\\d{${count}})`;
    case "n":
      return "(\\d{1,9})";
    case "X":
      return "(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)";
    case "x":
    case "Z":
      return "([+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?|Z|GMT(?:[+-]\\d{1,2}(?::\\d{2})?)?)";
    case "O":
      return "(GMT(?:[+-]\\d{1,2}(?::\\d{2})?)?)";
    case "V":
    case "z":
      return "([A-Za-z][A-Za-z0-9_+\\-/]*|Z|[+-]\\d{2}:\\d{2})";
    case "G":
      return "(AD|BC|Anno Domini|Before Christ)";
    case "D":
      return count === 1 ? "(\\d{1,3})" : `(\\d{${Math.max(count, 3)}})`;
    default:
      return count === 1 ? "(\\d{1,2})" : `(\\d{${count}})`;
  }
}

const parserCache = new Map<string, { regex: RegExp; slots: ParseSlot[] }>();

function compileParser(pattern: string, locale: string): { regex: RegExp; slots: ParseSlot[] } {
  const key = `${locale}\u0000${pattern}`;
  const cached = parserCache.get(key);
  if (cached) return cached;
  const slots: ParseSlot[] = [];
  let source = "";
  for (const part of compilePattern(pattern)) {
    if (part.kind === "literal") source += escapeRegex(part.text);
    else if (part.kind === "optionalStart") source += "(?:";
    else if (part.kind === "optionalEnd") source += ")?";
    else {
      slots.push({ letter: part.letter, count: part.count });
      source += fieldRegex(part.letter, part.count, locale);
    }
  }
  const compiled = { regex: new RegExp(`^${source}$`), slots };
  if (parserCache.size > 1000) parserCache.clear();
  parserCache.set(key, compiled);
  return compiled;
}

/** Parse `text` with a Java pattern (Kestra's `existingFormat`), resolving missing parts like Kestra. */
export function parseWithPattern(text: string, pattern: string, zone: Zone, locale: string): ZonedDateTime {
  const named = NAMED_PARSERS[pattern];
  if (named !== undefined && Object.hasOwn(NAMED_PARSERS, pattern)) return parseWithPattern(text, named, zone, locale);
  if (pattern.startsWith("iso") || pattern === "sql" || pattern === "sql_seq") return parseIso(text, zone);
  const { regex, slots } = compileParser(pattern, locale);
  const match = regex.exec(text);
  if (!match) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed with pattern '${pattern}'`);
  const names = localeNames(locale);
  const local: LocalDateTime = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, nano: 0 };
  let hasDate = false;
  let pm: boolean | null = null;
  let hour12: number | null = null;
  let parsedZone: Zone | null = null;
  slots.forEach((slot, index) => {
    const raw = match[index + 1];
    if (raw === undefined) return;
    const value = Number(raw);
    switch (slot.letter) {
      case "y":
      case "u":
      case "Y":
        local.year = slot.count === 2 ? 2000 + value : value;
        hasDate = true;
        break;
      case "M":
      case "L":
        local.month =
          slot.count === 3 ? names.monthsShort.indexOf(raw) + 1 : slot.count === 4 ? names.monthsLong.indexOf(raw) + 1 : value;
        hasDate = true;
        break;
      case "d":
        local.day = value;
        hasDate = true;
        break;
      case "H":
      case "k":
        local.hour = value % 24;
        break;
      case "h":
      case "K":
        hour12 = value % 12;
        break;
      case "a":
        pm = raw === names.pm;
        break;
      case "m":
        local.minute = value;
        break;
      case "s":
        local.second = value;
        break;
      case "S":
        local.nano = fractionToNano(raw);
        break;
      case "n":
        local.nano = value;
        break;
      case "X":
      case "x":
      case "Z":
      case "O":
      case "V":
      case "z":
        parsedZone = resolveZone(raw.startsWith("GMT") && raw.length > 3 ? raw.slice(3) : raw);
        break;
      default:
        break;
    }
  });
  if (!hasDate) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed: no date in pattern '${pattern}'`);
  if (hour12 !== null) local.hour = hour12 + (pm ? 12 : 0);
  checkLocal(local, text);
  const resolvedZone: Zone = parsedZone ?? zone;
  return withZone(fromLocal(local, resolvedZone), parsedZone ?? zone);
}

const NAMED_PARSERS: Record<string, string> = {
  iso: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX",
  iso_sec: "yyyy-MM-dd'T'HH:mm:ssXXX",
  sql: "yyyy-MM-dd HH:mm:ss.SSSSSS",
  sql_seq: "yyyy-MM-dd HH:mm:ss",
};

/**
 * Kestra's `AbstractDate.convert`: a Date, an epoch-seconds number, or a string (ISO, or
 * `existingFormat`). Anything else is a type error.
 */
export function toZonedDateTime(value: TemplateValue, zone: Zone, existingFormat: string | undefined, locale: string): ZonedDateTime {
  if (value instanceof Date) return fromDate(value, zone);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new EvalError("TYPE", "A date cannot be built from a non-finite number");
    const epochSecond = Math.floor(value);
    return { epochSecond, nano: Math.round((value - epochSecond) * 1e9), zone };
  }
  if (typeof value === "string") {
    return existingFormat !== undefined ? parseWithPattern(value, existingFormat, zone, locale) : parseIso(value, zone);
  }
  throw new EvalError("TYPE", `A date must be a string, a number or a date, not a ${value === null ? "null" : typeof value}`);
}
