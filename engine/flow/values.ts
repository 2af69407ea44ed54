import { z } from "zod";

/**
 * Scalar building blocks shared by the flow, input, trigger and task schemas.
 *
 * Kestra reads flows with Jackson, which coerces scalars: `message: 42` is the
 * string "42", `disabled: "true"` is a boolean, `maxAttempt: "3"` is 3. We accept
 * those same coercions so Kestra flows validate unchanged, and nothing looser:
 * `disabled: "yes"` or `concurrencyLimit: "many"` stay errors.
 *
 * Format checks inside unions use `abort: true`: zod reports the one branch
 * that got past its type check, and a string that is not an integer must not
 * be reported as "not a valid expression".
 */

/**
 * A custom message for a wrong type only: `z.string({ error: "..." })` would
 * also replace the messages of its length and pattern checks.
 */
export const onType = (message: string) => ({
  error: (issue: z.core.$ZodRawIssue) => (issue.code === "invalid_type" ? message : undefined),
});

/** A Pebble template: `{{ ... }}` or `{% ... %}` somewhere in the string. */
const EXPRESSION_RE = /\{\{[\s\S]*\}\}|\{%[\s\S]*%\}/;

function isExpression(value: unknown): value is string {
  return typeof value === "string" && EXPRESSION_RE.test(value);
}

export const expression = z
  .string()
  .regex(EXPRESSION_RE, { message: "expected a {{ expression }}", abort: true });

/** Free text: numbers and booleans become strings, as Jackson does. */
export const text = () =>
  z
    .union([z.string(), z.number(), z.boolean()], { error: "expected a string" })
    .transform((v) => String(v));

/** A boolean, also written "true"/"false" (any case). */
export const bool = () =>
  z.union(
    [
      z.boolean(),
      z
        .string()
        .regex(/^(true|false)$/i, { abort: true })
        .transform((v) => v.toLowerCase() === "true"),
    ],
    { error: "expected a boolean (true or false)" },
  );

const INT_STRING = /^[-+]?\d+$/;
const NUMBER_STRING = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

type Bounds = { min?: number; max?: number };

function bounded<T extends z.ZodNumber>(schema: T, { min, max }: Bounds): T {
  let s = schema;
  if (min !== undefined) s = s.min(min) as T;
  if (max !== undefined) s = s.max(max) as T;
  return s;
}

/** An integer, also written as a numeric string. */
export const int = (bounds: Bounds = {}) =>
  z.union(
    [
      bounded(z.number().int(), bounds),
      z
        .string()
        .regex(INT_STRING, { abort: true })
        .transform((v) => Number(v))
        .pipe(bounded(z.number().int(), bounds)),
    ],
    { error: "expected an integer" },
  );

/** A number, also written as a numeric string. */
export const number = (bounds: Bounds = {}) =>
  z.union(
    [
      bounded(z.number(), bounds),
      z
        .string()
        .regex(NUMBER_STRING, { abort: true })
        .transform((v) => Number(v))
        .pipe(bounded(z.number(), bounds)),
    ],
    { error: "expected a number" },
  );

/**
 * ISO-8601 duration as java.time.Duration parses it: days, hours, minutes and
 * (fractional) seconds, letters in any case (`PT0.25s` is valid in Kestra).
 */
export const DURATION_RE =
  /^[-+]?P(?:[-+]?\d+D)?(?:T(?:[-+]?\d+H)?(?:[-+]?\d+M)?(?:[-+]?\d+(?:[.,]\d{0,9})?S)?)?$/i;

function isDuration(v: string): boolean {
  // The regex also matches "P" and "PT", which Duration.parse rejects.
  return DURATION_RE.test(v) && /\d/.test(v) && !/T$/i.test(v);
}

export const duration = () =>
  z
    .string(onType("expected an ISO-8601 duration such as PT30S"))
    .refine(isDuration, { message: "expected an ISO-8601 duration such as PT30S or P1DT2H", abort: true });

/**
 * A value Kestra renders at run time (`Property<T>` or a dynamic property):
 * either the typed value or an expression producing it.
 */
export function dynamic<T extends z.ZodType>(schema: T, what: string) {
  return z.union([schema, expression], { error: `expected ${what} or a {{ expression }}` });
}

export const dynBool = () => dynamic(bool(), "a boolean");
export const dynInt = (bounds: Bounds = {}) => dynamic(int(bounds), "an integer");
export const dynDuration = () =>
  z
    .string(onType("expected an ISO-8601 duration or a {{ expression }}"))
    .refine(
      (v) => isDuration(v) || isExpression(v),
      "expected an ISO-8601 duration such as PT30S, or a {{ expression }}",
    );

/** An enum that may also be produced by an expression. */
export function dynEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return dynamic(z.enum(values), `one of ${values.join(", ")}`);
}

/** Any YAML value: used for maps of inputs, variables, outputs. */
export const anyValue = () => z.unknown();

export const stringMap = () => z.record(z.string(), z.unknown());

export const LOG_LEVELS = ["ERROR", "WARN", "INFO", "DEBUG", "TRACE"] as const;
export const logLevel = () => z.enum(LOG_LEVELS);

const STATES = [
  "CREATED",
  "QUEUED",
  "RUNNING",
  "PAUSED",
  "RESTARTED",
  "KILLING",
  "SUCCESS",
  "WARNING",
  "FAILED",
  "KILLED",
  "CANCELLED",
  "RETRYING",
  "RETRIED",
  "SKIPPED",
  "BREAKPOINT",
  "SUBMITTED",
  "RESUBMITTED",
] as const;
export const state = () => z.enum(STATES);
