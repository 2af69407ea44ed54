/** Date filters with Kestra's arguments: `date`, `dateAdd`, `timestamp*`. */
import { formatDate, normalizeLocale, plus, resolveZone, toZonedDateTime, type Zone, type ZonedDateTime } from "../dates";
import type { BoundArgs, FilterSpec, Runtime } from "../runtime";

const DATE_ARGS = ["format", "timeZone", "existingFormat", "locale"] as const;

type DateOptions = { zone: Zone; existingFormat: string | undefined; locale: string; format: string };

export function dateOptions(args: BoundArgs, runtime: Runtime): DateOptions {
  const timeZone = args.optionalString("timeZone");
  const locale = args.optionalString("locale");
  return {
    zone: resolveZone(timeZone ?? runtime.timeZone),
    existingFormat: args.optionalString("existingFormat"),
    locale: locale === undefined ? runtime.locale : normalizeLocale(locale),
    format: args.optionalString("format") ?? "iso",
  };
}

function parseInput(input: Parameters<typeof toZonedDateTime>[0], options: DateOptions): ZonedDateTime {
  return toZonedDateTime(input, options.zone, options.existingFormat, options.locale);
}

function timestamp(unit: "seconds" | "millis" | "micros" | "nanos"): FilterSpec {
  return {
    argNames: ["timeZone", "existingFormat"],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const date = parseInput(input, dateOptions(args, runtime));
      const seconds = BigInt(date.epochSecond);
      const nano = BigInt(date.nano);
      switch (unit) {
        case "seconds":
          return date.epochSecond;
        case "millis":
          return Number(seconds * 1000n + nano / 1_000_000n);
        // Beyond 2^53: returned as strings, as Kestra does for these two.
        case "micros":
          return (seconds * 1_000_000n + nano / 1000n).toString();
        case "nanos":
          return (seconds * 1_000_000_000n + nano).toString();
      }
    },
  };
}

export const DATE_FILTERS: Record<string, FilterSpec> = {
  date: {
    argNames: DATE_ARGS,
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const options = dateOptions(args, runtime);
      return formatDate(parseInput(input, options), options.format, options.zone, options.locale);
    },
  },
  dateAdd: {
    argNames: ["amount", "unit", ...DATE_ARGS],
    apply: (input, args, runtime) => {
      if (input === null) return null;
      const options = dateOptions(args, runtime);
      const moved = plus(parseInput(input, options), args.integer("amount"), args.string("unit"));
      return formatDate(moved, options.format, options.zone, options.locale);
    },
  },
  timestamp: timestamp("seconds"),
  timestampMilli: timestamp("millis"),
  timestampMicro: timestamp("micros"),
  timestampNano: timestamp("nanos"),
};
