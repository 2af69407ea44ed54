/**
 * Formatting with Java `DateTimeFormatter` patterns (`yyyy-MM-dd'T'HH:mm`, `EEEE`, `XXX`, ...),
 * Kestra's named formats (`iso`, `sql`, `iso_instant`, ...) and localized styles (`full`...).
 * Month and day names come from Intl for the requested locale.
 */
import { EvalError } from "../errors";
import { dayOfWeekOf, daysFromCivil, fieldsOf, formatOffsetId, pad, toDate, withZone, type Fields, type Zone, type ZonedDateTime } from "./calendar";

// ---- locale data ----

export type LocaleNames = {
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

const canonicalLocales = new Map<string, string>();

/** Java locales are written `fr_FR`; Intl wants `fr-FR`. Remembered: every render asks. */
export function normalizeLocale(locale: string): string {
  const known = canonicalLocales.get(locale);
  if (known) return known;
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(locale.replace(/_/g, "-"))[0] ?? "en-US";
  } catch {
    throw new EvalError("EVALUATION", `Invalid locale: ${locale}`);
  }
  if (canonicalLocales.size < 1000) canonicalLocales.set(locale, canonical);
  return canonical;
}

export function localeNames(locale: string): LocaleNames {
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

export type PatternPart =
  | { kind: "literal"; text: string }
  | { kind: "field"; letter: string; count: number }
  | { kind: "optionalStart" }
  | { kind: "optionalEnd" };

const patternCache = new Map<string, PatternPart[]>();

export function compilePattern(pattern: string): PatternPart[] {
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
      if (pattern[i + 1] === "'") {
        parts.push({ kind: "literal", text: "'" });
        i += 2;
        continue;
      }
      // Inside a quoted literal, '' is one quote: 'o''clock' is o'clock.
      let literal = "";
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) throw new EvalError("EVALUATION", `Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] !== "'") break;
          literal += "'";
          j += 2;
          continue;
        }
        literal += pattern[j];
        j++;
      }
      parts.push({ kind: "literal", text: literal });
      i = j + 1;
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

export const NAMED_FORMATS: Record<string, (date: ZonedDateTime, f: Fields) => string> = {
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

