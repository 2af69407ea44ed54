/**
 * Reading dates the way Kestra's `AbstractDate.convert` does: ISO strings (zoned, local
 * date-time, local date), Java-pattern strings (`existingFormat`), epoch seconds and dates.
 */
import { EvalError } from "../errors";
import type { TemplateValue } from "../values";
import { daysInMonth, fromDate, fromLocal, resolveZone, withZone, type LocalDateTime, type Zone, type ZonedDateTime } from "./calendar";
import { compilePattern, localeNames, NAMED_FORMATS } from "./format";


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
  if (Object.hasOwn(NAMED_FORMATS, pattern)) return parseIso(text, zone);
  const { regex, slots } = compileParser(pattern, locale);
  const match = regex.exec(text);
  if (!match) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed with pattern '${pattern}'`);
  const names = localeNames(locale);
  const local: LocalDateTime = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, nano: 0 };
  let hasDate = false;
  let pm: boolean | null = null;
  let hour12: number | null = null;
  let parsedZone: Zone | null = null;
  for (const [index, slot] of slots.entries()) {
    const raw = match[index + 1];
    if (raw === undefined) continue;
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
  }
  if (!hasDate) throw new EvalError("EVALUATION", `Text '${text}' could not be parsed: no date in pattern '${pattern}'`);
  if (hour12 !== null) local.hour = hour12 + (pm ? 12 : 0);
  checkLocal(local, text);
  return fromLocal(local, parsedZone ?? zone);
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

