/** Dates for the template engine: see calendar (instants and zones), format and parse. */
export { formatOffsetId, fromDate, fromLocal, plus, resolveZone, toDate, withZone, type Zone, type ZonedDateTime } from "./calendar";
export { formatDate, normalizeLocale } from "./format";
export { parseIso, parseWithPattern, toZonedDateTime } from "./parse";
