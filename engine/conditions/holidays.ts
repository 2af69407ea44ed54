import Holidays from "date-holidays";

/**
 * Public holidays for Kestra's `PublicHoliday` condition. Kestra uses the Jollyday calendars;
 * we use `date-holidays` (about 200 countries and their subdivisions), counting only the
 * holidays of type `public`, as Jollyday's `isHoliday` does.
 */
export class HolidayCalendarError extends Error {}

const calendars = new Map<string, Holidays>();
const yearCache = new Map<string, Set<string>>();

/** The server's default country (Kestra: the JVM's default locale), `US` when the locale names none. */
function defaultCountry(): string {
  try {
    return new Intl.Locale(Intl.DateTimeFormat().resolvedOptions().locale).maximize().region ?? "US";
  } catch {
    return "US";
  }
}

function calendar(country: string, subDivision: string | undefined): Holidays {
  const key = `${country}/${subDivision ?? ""}`;
  const known = calendars.get(key);
  if (known) return known;
  const countries = new Holidays().getCountries("en");
  if (!countries[country]) throw new HolidayCalendarError(`PublicHoliday: unknown country '${country}' (an ISO 3166-1 alpha-2 code such as FR or US)`);
  if (subDivision !== undefined) {
    const states = new Holidays().getStates(country, "en") ?? {};
    if (!states[subDivision]) throw new HolidayCalendarError(`PublicHoliday: unknown subdivision '${subDivision}' of ${country} (known: ${Object.keys(states).join(", ") || "none"})`);
  }
  const made = subDivision !== undefined ? new Holidays(country, subDivision) : new Holidays(country);
  calendars.set(key, made);
  return made;
}

/**
 * Whether the calendar day `date` (YYYY-MM-DD, as written in the tested date's own offset) is a
 * public holiday of `country` (default: the server's) and, when given, its `subDivision`.
 */
export function isPublicHoliday(date: string, country?: string, subDivision?: string): boolean {
  const code = (country?.trim() || defaultCountry()).toUpperCase();
  const sub = subDivision?.trim() ? subDivision.trim().toUpperCase() : undefined;
  const year = Number(date.slice(0, 4));
  const key = `${code}/${sub ?? ""}/${year}`;
  let days = yearCache.get(key);
  if (!days) {
    days = new Set(calendar(code, sub).getHolidays(year).filter((h) => h.type === "public").map((h) => h.date.slice(0, 10)));
    if (yearCache.size > 1000) yearCache.clear();
    yearCache.set(key, days);
  }
  return days.has(date);
}
