/**
 * What filters, tests and functions receive: their bound arguments and a `Runtime` giving
 * them the limits, the clock, the time zone and the injected I/O callbacks, never the
 * interpreter itself.
 */
import { EvalError } from "./errors";
import { typeName, type TemplateMap, type TemplateValue } from "./values";

export type TemplateLimits = {
  /** characters of rendered output */
  maxOutputLength: number;
  /** characters of any string an expression produces */
  maxStringLength: number;
  /** items of any list or map a template creates (ranges, merges, chunks, ...) */
  maxCollectionSize: number;
  /** evaluation steps: expressions evaluated, nodes rendered, loop iterations, items processed */
  maxSteps: number;
  /** nested `render()` calls */
  maxRenderDepth: number;
  /** characters of a template source */
  maxTemplateLength: number;
};

export const DEFAULT_LIMITS: TemplateLimits = {
  maxOutputLength: 10 * 1024 * 1024,
  maxStringLength: 10 * 1024 * 1024,
  maxCollectionSize: 1_000_000,
  maxSteps: 1_000_000,
  maxRenderDepth: 10,
  maxTemplateLength: 1024 * 1024,
};

/**
 * Callbacks for functions that need I/O, built by the caller for one execution so that they
 * can only reach that execution's tenant. Arguments arrive by name (positional arguments are
 * mapped with Kestra's argument names, see `INJECTED_ARGUMENT_NAMES`). A callback may be
 * async; what it throws becomes a `TemplateError` carrying its message.
 */
export type InjectedFunction = (args: Readonly<Record<string, TemplateValue>>) => unknown;

export type TemplateFunctions = {
  /** `kv(key, namespace?, errorOnMissing = false)`: the value, or null when missing and not erroring */
  kv?: InjectedFunction;
  /** `secret(key, namespace?, subkey?)` */
  secret?: InjectedFunction;
  /** `read(path, namespace?)`: content of an internal-storage or namespace file */
  read?: InjectedFunction;
  /** `fileURI(path, namespace?)` */
  fileURI?: InjectedFunction;
  fileSize?: InjectedFunction;
  fileExists?: InjectedFunction;
  fileEmpty?: InjectedFunction;
  isFileEmpty?: InjectedFunction;
  /** `errorLogs()`: ERROR logs of the execution, `[{taskId, message, ...}]` */
  errorLogs?: InjectedFunction;
  /** `tasksWithState(state)` */
  tasksWithState?: InjectedFunction;
  /** `http(uri, method?, body?, headers?, ...)` */
  http?: InjectedFunction;
  encrypt?: InjectedFunction;
  decrypt?: InjectedFunction;
  /** any other Kestra function the caller chooses to provide; positional args arrive as arg0, arg1, ... */
  [name: string]: InjectedFunction | undefined;
};

export type Runtime = {
  readonly limits: TemplateLimits;
  /** default zone of date filters when no `timeZone` argument is given */
  readonly timeZone: string;
  readonly locale: string;
  now(): Date;
  /** count `steps` against the evaluation budget */
  charge(steps: number): void;
  /** refuse a string longer than the limit */
  checkString(value: string): string;
  /** refuse a collection larger than the limit (and charge its size) */
  checkSize(size: number): void;
  /** a root variable of the context (`parents`, `taskrun`, ...), undefined when absent */
  rootVariable(name: string): TemplateValue | undefined;
  /** the whole context as data, for `printContext()` */
  contextSnapshot(): TemplateMap;
  /** render a value with the current context (the `render()` function) */
  renderValue(value: TemplateValue, recursive: boolean): Promise<TemplateValue>;
  readonly functions: TemplateFunctions;
};

export class BoundArgs {
  /** @param callee how messages name the callee, e.g. `'kv' function` */
  constructor(
    private readonly callee: string,
    private readonly values: ReadonlyMap<string, TemplateValue>,
    readonly positional: readonly TemplateValue[],
  ) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  get(name: string): TemplateValue | undefined {
    return this.values.get(name);
  }

  /** an argument that must be given */
  required(name: string): TemplateValue {
    const value = this.values.get(name);
    if (value === undefined) throw new EvalError("EVALUATION", `The ${this.callee} expects an argument '${name}'.`);
    return value;
  }

  string(name: string, fallback?: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new EvalError("EVALUATION", `The ${this.callee} expects an argument '${name}'.`);
    }
    if (typeof value !== "string") {
      throw new EvalError("TYPE", `The ${this.callee} expects argument '${name}' to be a string, not a ${typeName(value)}`);
    }
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.values.get(name);
    return value === undefined || value === null ? undefined : this.string(name);
  }

  integer(name: string, fallback?: number): number {
    const value = this.values.get(name);
    if (value === undefined || value === null) {
      if (fallback !== undefined) return fallback;
      throw new EvalError("EVALUATION", `The ${this.callee} expects an integer as argument '${name}'.`);
    }
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new EvalError("TYPE", `The ${this.callee} expects an integer as argument '${name}'.`);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.values.get(name);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") {
      throw new EvalError("TYPE", `The ${this.callee} expects argument '${name}' to be a boolean.`);
    }
    return value;
  }

  /** all arguments by name, for injected callbacks */
  toRecord(): Record<string, TemplateValue> {
    return Object.fromEntries(this.values);
  }
}

/** Map positional arguments onto declared names, then named ones; unknown names are errors. */
export function bindArgs(
  callee: string,
  argNames: readonly string[] | "variadic",
  positional: readonly TemplateValue[],
  named: readonly { name: string; value: TemplateValue }[],
): BoundArgs {
  const values = new Map<string, TemplateValue>();
  if (argNames === "variadic") {
    if (named.length > 0) throw new EvalError("EVALUATION", `The ${callee} does not take named arguments.`);
    return new BoundArgs(callee, values, positional);
  }
  if (positional.length > argNames.length) {
    throw new EvalError(
      "EVALUATION",
      `The ${callee} takes at most ${argNames.length} argument${argNames.length === 1 ? "" : "s"}, got ${positional.length}.`,
    );
  }
  positional.forEach((value, index) => values.set(argNames[index] as string, value));
  for (const { name, value } of named) {
    if (!argNames.includes(name)) throw new EvalError("EVALUATION", `The argument '${name}' is not allowed for the ${callee}.`);
    values.set(name, value);
  }
  return new BoundArgs(callee, values, positional);
}

export function expectString(value: TemplateValue, what: string): string {
  if (typeof value !== "string") throw new EvalError("TYPE", `${what} expects a string, not a ${typeName(value)}`);
  return value;
}

export type FilterSpec = {
  readonly argNames: readonly string[];
  apply(input: TemplateValue, args: BoundArgs, runtime: Runtime): TemplateValue | Promise<TemplateValue>;
};

export type FunctionSpec = {
  readonly argNames: readonly string[] | "variadic";
  call(args: BoundArgs, runtime: Runtime): TemplateValue | Promise<TemplateValue>;
};

export type TestSpec = {
  readonly argNames: readonly string[];
  apply(input: TemplateValue, args: BoundArgs, runtime: Runtime): boolean;
};
