/**
 * Errors of the template engine. Every failure a template can cause (bad syntax, a missing
 * variable, a sandbox violation, a blown limit, a failing filter) surfaces as one
 * `TemplateError`, never as a native TypeError, so callers can map it to a task failure.
 */

export type TemplateErrorCode =
  /** the template does not parse */
  | "SYNTAX"
  /** a variable or attribute does not exist (Kestra's strict variables) */
  | "UNDEFINED"
  /** an operator, filter or function got a value of the wrong type */
  | "TYPE"
  /** the template tried to leave its sandbox (prototype walk, method call, ...) */
  | "FORBIDDEN"
  /** a resource limit was hit (output size, steps, recursion, collection size) */
  | "LIMIT"
  /** any other evaluation failure, including errors thrown by injected functions */
  | "EVALUATION";

/** Longest template quoted inside an error message; a 5 MB template is not a useful message. */
const MAX_QUOTED_TEMPLATE = 2000;

/**
 * The class name Kestra's logs show for template failures. Kept in the message because Kestra
 * users (and Kestra's own tests) match log lines against it.
 */
const PEBBLE_EXCEPTION = "io.pebbletemplates.pebble.error.PebbleException";

export type TemplateErrorInit = {
  code: TemplateErrorCode;
  reason: string;
  template: string;
  line: number;
  column: number;
  /** the missing variable or attribute name, for `UNDEFINED` */
  attribute?: string;
  cause?: unknown;
};

export class TemplateError extends Error {
  readonly code: TemplateErrorCode;
  /** the problem, without position: fit for a UI next to the highlighted expression */
  readonly reason: string;
  readonly template: string;
  /** 1-based line of the expression that failed */
  readonly line: number;
  /** 1-based column of the expression that failed */
  readonly column: number;
  readonly attribute?: string;

  constructor(init: TemplateErrorInit) {
    super(kestraMessage(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "TemplateError";
    this.code = init.code;
    this.reason = init.reason;
    this.template = init.template;
    this.line = init.line;
    this.column = init.column;
    if (init.attribute !== undefined) this.attribute = init.attribute;
  }
}

/**
 * Kestra's wording, so a flow author sees the same text as in Kestra:
 * `Missing variable: 'x' on '{{ x }}' at line 1` for undefined variables, and Pebble's
 * `<class>: <reason> (<template>:<line>)` for everything else.
 */
function kestraMessage(init: TemplateErrorInit): string {
  const quoted =
    init.template.length > MAX_QUOTED_TEMPLATE
      ? `${init.template.slice(0, MAX_QUOTED_TEMPLATE)}…`
      : init.template;
  if (init.code === "UNDEFINED" && init.attribute !== undefined) {
    return `Missing variable: '${init.attribute}' on '${quoted}' at line ${init.line}`;
  }
  return `${PEBBLE_EXCEPTION}: ${init.reason} (${quoted}:${init.line})`;
}

/**
 * Thrown by filters, functions and value helpers, which do not know where in the template
 * they were called; the interpreter turns it into a positioned `TemplateError`.
 */
export class EvalError extends Error {
  readonly code: TemplateErrorCode;
  readonly attribute?: string;

  constructor(code: TemplateErrorCode, reason: string, attribute?: string) {
    super(reason);
    this.name = "EvalError";
    this.code = code;
    if (attribute !== undefined) this.attribute = attribute;
  }
}

/** 1-based line and column of `offset` in `source`. */
function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Wrap anything thrown during evaluation into a `TemplateError` located at `offset`. */
export function toTemplateError(error: unknown, template: string, offset: number): TemplateError {
  if (error instanceof TemplateError) return error;
  const { line, column } = positionOf(template, offset);
  if (error instanceof EvalError) {
    return new TemplateError({
      code: error.code,
      reason: error.message,
      template,
      line,
      column,
      ...(error.attribute === undefined ? {} : { attribute: error.attribute }),
    });
  }
  // A RangeError here is the JS engine refusing a stack or string size: a limit, not a bug.
  if (error instanceof RangeError) {
    return new TemplateError({
      code: "LIMIT",
      reason: `Resource limit exceeded: ${error.message}`,
      template,
      line,
      column,
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new TemplateError({ code: "EVALUATION", reason, template, line, column, cause: error });
}
