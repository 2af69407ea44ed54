/**
 * Switchyard's Pebble-compatible template engine (Kestra expressions), a sandboxed evaluator:
 * lexer → parser → async interpreter, no `eval`, no access to anything but the context data.
 *
 *   await render("Hello {{ inputs.name | upper }}", { inputs: { name: "ada" } })  // "Hello ADA"
 *   await renderTyped("{{ [1, 2] }}", {})                                         // [1, 2]
 *   await evaluateCondition("{{ outputs.t.value == 1 }}", ctx)                    // Kestra If/runIf
 *
 * Functions that need I/O come from the context: `context.$functions.kv(args)`, see
 * `TemplateFunctions`. Every failure is a `TemplateError`.
 */
import type { Template } from "./ast";
import { currentCpuMeter, runWithBudget } from "./budget";
import { EvalError, TemplateError, toTemplateError } from "./errors";
import { Interpreter, type RenderState } from "./interpreter";
import { TemplateSyntaxError, type LexOptions } from "./lexer";
import { parseExpression, parseTemplate } from "./parser";
import { DEFAULT_LIMITS, type TemplateFunctions, type TemplateLimits } from "./runtime";
import { resolveZone, normalizeLocale } from "./dates";
import {
  asValue,
  isList,
  isMap,
  isPlainObject,
  isTruthyString,
  listItems,
  mapEntries,
  newMap,
  printValue,
  type TemplateMap,
  type TemplateValue,
} from "./values";

export { TemplateError, type TemplateErrorCode } from "./errors";
export { DEFAULT_LIMITS, type InjectedFunction, type TemplateFunctions, type TemplateLimits } from "./runtime";
export type { TemplateMap, TemplateValue } from "./values";

/**
 * The variables a template sees (`inputs`, `outputs`, `vars`, `flow`, `execution`, `taskrun`,
 * `parents`, `labels`, `envs`, `globals`, `trigger`, ...) as plain data, plus the injected
 * I/O callbacks under `$functions` (not visible to templates as a variable).
 */
export type TemplateContext = {
  readonly [variable: string]: unknown;
  readonly $functions?: TemplateFunctions;
};

export type RenderOptions = {
  /** override some limits; the rest keep `DEFAULT_LIMITS` */
  readonly limits?: Partial<TemplateLimits>;
  /** zone of date filters without a `timeZone` argument (Kestra uses the JVM's zone); default UTC */
  readonly timeZone?: string;
  /** locale of month and day names; default en-US */
  readonly locale?: string;
  /** clock of `now()`, for tests and replays */
  readonly now?: () => Date;
};

/** Kestra's `VariableRenderer.MAX_RENDERING_AMOUNT`: passes of recursive rendering. */
const MAX_RENDERING_PASSES = 100;
const MAX_CACHED_TEMPLATES = 500;
/** Larger templates are parsed each time: the cache must not pin hundreds of megabytes. */
const MAX_CACHED_TEMPLATE_LENGTH = 64 * 1024;
const RAW_BLOCK = /\{%-*\s*raw\s*-*%\}([\s\S]*?)\{%-*\s*endraw\s*-*%\}/g;

const templateCache = new Map<string, Template>();

/** Parse (or reuse) a template. Trees are immutable, so one cache serves every tenant. */
function compile(source: string, limits: TemplateLimits, lexOptions: LexOptions = {}): Template {
  if (source.length > limits.maxTemplateLength) {
    throw new TemplateError({
      code: "LIMIT",
      reason: `Template of ${source.length} characters exceeds the limit of ${limits.maxTemplateLength}`,
      template: source.slice(0, 200),
      line: 1,
      column: 1,
    });
  }
  const key = `${lexOptions.keepRawTags ? "r" : "n"}${source}`;
  const cached = templateCache.get(key);
  if (cached) {
    // Refresh recency: Map iteration order is insertion order, so this keeps it an LRU.
    templateCache.delete(key);
    templateCache.set(key, cached);
    return cached;
  }
  let template: Template;
  try {
    template = parseTemplate(source, lexOptions);
  } catch (error) {
    throw toTemplateError(error, source, error instanceof TemplateSyntaxError ? error.offset : 0);
  }
  if (source.length > MAX_CACHED_TEMPLATE_LENGTH) return template;
  if (templateCache.size >= MAX_CACHED_TEMPLATES) {
    const oldest = templateCache.keys().next();
    if (!oldest.done) templateCache.delete(oldest.value);
  }
  templateCache.set(key, template);
  return template;
}

function contextError(reason: string): TemplateError {
  return new TemplateError({ code: "EVALUATION", reason, template: "", line: 1, column: 1 });
}

function createState(context: TemplateContext, options: RenderOptions = {}): RenderState {
  if (typeof context !== "object" || context === null || Array.isArray(context) || !isPlainObject(context)) {
    throw contextError("The template context must be a plain object");
  }
  let root: TemplateMap;
  try {
    root = asValue(context) as TemplateMap;
  } catch (error) {
    throw contextError(error instanceof Error ? error.message : String(error));
  }
  const functions = Object.getOwnPropertyDescriptor(context, "$functions")?.value as unknown;
  if (functions !== undefined && (typeof functions !== "object" || functions === null || !isPlainObject(functions))) {
    throw contextError("context.$functions must be a plain object of callbacks");
  }
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let timeZone: string;
  let locale: string;
  try {
    timeZone = resolveZone(options.timeZone ?? "UTC").id;
    locale = normalizeLocale(options.locale ?? "en-US");
  } catch (error) {
    throw contextError(error instanceof Error ? error.message : String(error));
  }
  return {
    limits,
    timeZone,
    locale,
    now: options.now ?? (() => new Date()),
    context: root,
    functions: (functions ?? {}) as TemplateFunctions,
    renderNested,
    steps: 0,
    renderDepth: 0,
    meter: currentCpuMeter(),
  };
}

/** Run a top-level operation with the state's budget reachable by the value helpers. */
function metered<T>(state: RenderState, work: () => Promise<T>): Promise<T> {
  return runWithBudget(
    {
      charge: (steps) => {
        state.meter?.tick();
        state.steps += steps;
        if (state.steps > state.limits.maxSteps) {
          throw new EvalError("LIMIT", `Evaluation exceeded the limit of ${state.limits.maxSteps} steps`);
        }
      },
    },
    work,
  );
}

async function renderOnce(source: string, state: RenderState, lexOptions: LexOptions = {}): Promise<string> {
  // Kestra's short-circuit: without a `{` there is nothing to render.
  if (!source.includes("{")) return source;
  return new Interpreter(compile(source, state.limits, lexOptions), state).render();
}

/**
 * Kestra's recursive rendering: render until the output stops changing. Raw blocks keep
 * their tags between passes so their content is never rendered, and lose them at the end.
 */
async function renderToFixpoint(source: string, state: RenderState): Promise<string> {
  let current = source;
  for (let pass = 0; pass <= MAX_RENDERING_PASSES; pass++) {
    const next = await renderOnce(current, state, { keepRawTags: true });
    if (next === current) return next.replace(RAW_BLOCK, "$1");
    current = next;
  }
  throw new EvalError("LIMIT", "Too many rendering attempts");
}

/** The `render()` / `renderOnce()` functions: strings are rendered, lists and maps walked. */
async function renderNested(value: TemplateValue, recursive: boolean, state: RenderState): Promise<TemplateValue> {
  if (state.renderDepth >= state.limits.maxRenderDepth) {
    throw new EvalError("LIMIT", `render() nested deeper than ${state.limits.maxRenderDepth} levels`);
  }
  state.renderDepth++;
  try {
    return await walk(value, state, 0, (text) => (recursive ? renderToFixpoint(text, state) : renderOnce(text, state)));
  } catch (error) {
    // An inner template's missing variable must not look "undefined" to an outer `??`.
    if (error instanceof TemplateError && error.code === "UNDEFINED") throw new EvalError("EVALUATION", error.message);
    throw error;
  } finally {
    state.renderDepth--;
  }
}

async function walk(
  value: TemplateValue,
  state: RenderState,
  depth: number,
  renderString: (text: string) => Promise<TemplateValue>,
): Promise<TemplateValue> {
  if (depth > 100) throw new EvalError("LIMIT", "Value nested deeper than 100 levels");
  if (typeof value === "string") return renderString(value);
  if (isList(value)) {
    const out: TemplateValue[] = [];
    for (const item of listItems(value)) out.push(await walk(item, state, depth + 1, renderString));
    return out;
  }
  if (isMap(value)) {
    const entries: [string, TemplateValue][] = [];
    for (const [key, item] of mapEntries(value)) {
      entries.push([await renderOnce(key, state), await walk(item, state, depth + 1, renderString)]);
    }
    return newMap(entries);
  }
  return value;
}

function rethrow(error: unknown, source: string): never {
  throw toTemplateError(error, source, 0);
}

/** Index of the single print node of a template made of one `{{ }}` (whitespace around allowed). */
function singlePrint(template: Template): Extract<Template["nodes"][number], { type: "print" }> | null {
  const meaningful = template.nodes.filter((node) => !(node.type === "text" && node.value.trim() === ""));
  const only = meaningful[0];
  return meaningful.length === 1 && only?.type === "print" ? only : null;
}

/**
 * Render a template to a string. Kestra semantics: strict variables (a missing variable is an
 * error unless guarded by `??`, `???`, `| default(...)` or `is defined`), maps and lists print
 * as JSON, null prints as nothing.
 */
export async function render(template: string, context: TemplateContext, options?: RenderOptions): Promise<string> {
  if (typeof template !== "string") throw contextError("A template must be a string");
  const state = createState(context, options);
  try {
    return await metered(state, () => renderOnce(template, state));
  } catch (error) {
    return rethrow(error, template);
  }
}

/**
 * Like `render`, but a template that is a single `{{ expression }}` returns the expression's
 * value itself (number, boolean, list, map, null), as Kestra does for typed properties.
 */
export async function renderTyped(template: string, context: TemplateContext, options?: RenderOptions): Promise<TemplateValue> {
  if (typeof template !== "string") throw contextError("A template must be a string");
  const state = createState(context, options);
  try {
    if (!template.includes("{")) return template;
    const compiled = compile(template, state.limits);
    const print = singlePrint(compiled);
    const interpreter = new Interpreter(compiled, state);
    return await metered(state, () => (print ? interpreter.evaluateSingle(print.expr) : interpreter.render()));
  } catch (error) {
    return rethrow(error, template);
  }
}

/**
 * Render every string inside a value (a task definition, a map of labels...): map keys and
 * string values are rendered, other scalars kept. With `typed`, single-expression strings
 * yield their raw value. One budget covers the whole walk.
 */
export async function renderRecursive(
  value: unknown,
  context: TemplateContext,
  options?: RenderOptions & { readonly typed?: boolean },
): Promise<unknown> {
  const state = createState(context, options);
  let data: TemplateValue;
  try {
    data = asValue(value);
  } catch (error) {
    throw contextError(error instanceof Error ? error.message : String(error));
  }
  const renderString = async (text: string): Promise<TemplateValue> => {
    try {
      if (!options?.typed || !text.includes("{")) return await renderOnce(text, state);
      const compiled = compile(text, state.limits);
      const print = singlePrint(compiled);
      const interpreter = new Interpreter(compiled, state);
      return print ? await interpreter.evaluateSingle(print.expr) : await interpreter.render();
    } catch (error) {
      return rethrow(error, text);
    }
  };
  try {
    return await metered(state, () => walk(data, state, 0, renderString));
  } catch (error) {
    return rethrow(error, typeof value === "string" ? value : "");
  }
}

/**
 * Evaluate a bare expression (`inputs.x == 1`, without braces) to its value. A string that
 * contains `{{` or `{%` is treated as a template (`renderTyped`), so callers can pass either.
 */
export async function evaluateExpression(expression: string, context: TemplateContext, options?: RenderOptions): Promise<TemplateValue> {
  if (typeof expression !== "string") throw contextError("An expression must be a string");
  if (expression.includes("{{") || expression.includes("{%")) return renderTyped(expression, context, options);
  const state = createState(context, options);
  try {
    if (expression.length > state.limits.maxTemplateLength) throw new EvalError("LIMIT", "Expression too long");
    let expr;
    try {
      expr = parseExpression(expression);
    } catch (error) {
      throw toTemplateError(error, expression, error instanceof TemplateSyntaxError ? error.offset : 0);
    }
    const interpreter = new Interpreter({ source: expression, nodes: [] }, state);
    return await metered(state, () => interpreter.evaluateSingle(expr));
  } catch (error) {
    return rethrow(error, expression);
  }
}

/**
 * Kestra's truthiness of a rendered condition (If `condition`, `runIf`, ...): the value is
 * rendered to a string, which is false when it is exactly "false", "0", "-0" or "" (null
 * renders as ""), and true otherwise, including "False", " false" and "no". Booleans and
 * numbers give the obvious answer because they render as "true"/"false" and "0".
 */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === "string") return isTruthyString(value);
  try {
    return isTruthyString(printValue(asValue(value), DEFAULT_LIMITS.maxOutputLength));
  } catch {
    return true;
  }
}

/** Render a condition template and apply Kestra's truthiness to the result. */
export async function evaluateCondition(template: string, context: TemplateContext, options?: RenderOptions): Promise<boolean> {
  return isTruthy(await render(template, context, options));
}

/** Syntax check for flow validation: the `TemplateError` a render would start with, or null. */
export function validateTemplate(template: string): TemplateError | null {
  try {
    compile(template, DEFAULT_LIMITS);
    return null;
  } catch (error) {
    return error instanceof TemplateError ? error : toTemplateError(error, template, 0);
  }
}
