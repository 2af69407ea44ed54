/**
 * The evaluator: walks the syntax tree of one template against one context.
 *
 * It is async because some functions (`kv`, `secret`, `read`) read through injected callbacks.
 * Every expression and node is charged against a step budget; every string and collection
 * it builds is checked against size limits; every failure leaves as a positioned
 * `TemplateError`. Variables live in a scope chain of `Map`s, data is read only through
 * `values.ts`, and nothing here can name a JS global.
 */
import type { Args, Expr, FilterCall, Node, Template } from "./ast";
import { chargeChars, type CpuMeter } from "./budget";
import { EvalError, TemplateError, toTemplateError } from "./errors";
import { FILTERS } from "./filters";
import { BUILTIN_FUNCTIONS, callInjected, rangeNumbers } from "./functions";
import { TESTS } from "./predicates";
import { arithmetic, compare, contains, isFloatTyped, isIn } from "./operators";
import { bindArgs, type InjectedFunction, type Runtime, type TemplateFunctions, type TemplateLimits } from "./runtime";
import {
  concatString,
  isForbiddenAttribute,
  isList,
  isMap,
  javaString,
  listItems,
  mapEntries,
  newMap,
  formatDouble,
  printValue,
  readAttribute,
  readOwn,
  toBoolean,
  typeName,
  valuesEqual,
  type TemplateMap,
  type TemplateValue,
} from "./values";
import { isDoubleAt, markDouble } from "./doubles";

const ARITHMETIC = new Set(["+", "-", "*", "/", "%"]);

/** What one top-level render shares with every nested `render()` call: the budget and the context. */
export type RenderState = {
  readonly limits: TemplateLimits;
  readonly timeZone: string;
  readonly locale: string;
  readonly now: () => Date;
  readonly context: TemplateMap;
  readonly functions: TemplateFunctions;
  /** renders a nested template with this same state (the `render()` function) */
  readonly renderNested: (value: TemplateValue, recursive: boolean, state: RenderState) => Promise<TemplateValue>;
  steps: number;
  renderDepth: number;
  /** the CPU budget of the task run this render belongs to, if any */
  readonly meter?: CpuMeter;
};

class Scope {
  readonly vars = new Map<string, TemplateValue>();
  /** Variables of this scope holding a Java double (a loop over FLOAT inputs, `{% set x = 2.0 %}`). */
  readonly doubles = new Set<string>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): TemplateValue | undefined {
    if (this.vars.has(name)) return this.vars.get(name);
    return this.parent?.lookup(name);
  }

  isDouble(name: string): boolean {
    if (this.vars.has(name)) return this.doubles.has(name);
    return this.parent?.isDouble(name) ?? false;
  }

  bind(name: string, value: TemplateValue, double: boolean): void {
    this.vars.set(name, value);
    if (double) this.doubles.add(name);
    else this.doubles.delete(name);
  }
}

class Output {
  private readonly parts: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}

  push(text: string): void {
    if (text.length === 0) return;
    this.length += text.length;
    if (this.length > this.max) throw new EvalError("LIMIT", `Rendered output exceeds the limit of ${this.max} characters`);
    this.parts.push(text);
  }

  remaining(): number {
    return this.max - this.length;
  }

  toString(): string {
    return this.parts.join("");
  }
}

function isUndefinedError(error: unknown): boolean {
  return (error instanceof TemplateError || error instanceof EvalError) && error.code === "UNDEFINED";
}

export class Interpreter {
  private readonly runtime: Runtime;
  /** The container and key the last `member` expression read (see the `print` node). */
  private lastRead: { object: TemplateValue; key: string } | undefined;

  constructor(
    private readonly template: Template,
    private readonly state: RenderState,
  ) {
    this.runtime = this.makeRuntime();
  }

  /** Render the whole template to a string. */
  async render(): Promise<string> {
    const output = new Output(this.state.limits.maxOutputLength);
    try {
      await this.renderNodes(this.template.nodes, new Scope(null), output);
    } catch (error) {
      throw toTemplateError(error, this.template.source, 0);
    }
    return output.toString();
  }

  /** The raw value of a template that is a single `{{ expression }}`. */
  async evaluateSingle(expr: Expr): Promise<TemplateValue> {
    try {
      return await this.evaluate(expr, new Scope(null));
    } catch (error) {
      throw toTemplateError(error, this.template.source, expr.offset);
    }
  }

  private makeRuntime(): Runtime {
    const state = this.state;
    return {
      limits: state.limits,
      timeZone: state.timeZone,
      locale: state.locale,
      now: state.now,
      functions: state.functions,
      charge: (steps) => this.charge(steps),
      checkString: (value) => this.checkString(value),
      checkSize: (size) => this.checkSize(size),
      rootVariable: (name) => {
        const lookup = readOwn(state.context, name);
        return lookup.found ? lookup.value : undefined;
      },
      contextSnapshot: () => newMap(mapEntries(state.context).filter(([key]) => key !== "$functions")),
      renderValue: (value, recursive) => state.renderNested(value, recursive, state),
    };
  }

  // ---- budget ----

  /** Arithmetic expressions whose last result was a Java double (an operand was one): printed 2.0. */
  private readonly doubleResults = new WeakSet<Expr>();
  /** Whether the variable named last holds a Java double (Scope.doubles). */
  private lastNameDouble = false;

  /**
   * Whether `expr`, evaluated just now to `value`, is a Java double in Kestra: a float
   * literal, arithmetic on a double, or a number read where a double is (a FLOAT input, a
   * parsed JSON 2.0). Call it right after evaluating `expr`, while `lastRead` is its read.
   */
  private isDouble(expr: Expr, value: TemplateValue): value is number {
    if (typeof value !== "number") return false;
    if (isFloatTyped(expr) || this.doubleResults.has(expr)) return true;
    if (expr.type === "name") return this.lastNameDouble;
    const read = expr.type === "member" ? this.lastReadPlace() : undefined;
    return read !== undefined && isDoubleAt(read.object, read.key);
  }

  /** Evaluates an arithmetic operand, telling whether it is a Java double. */
  private async operand(expr: Expr, scope: Scope): Promise<{ value: TemplateValue; double: boolean }> {
    this.lastRead = undefined;
    const value = await this.evaluate(expr, scope);
    return { value, double: this.isDouble(expr, value) };
  }

  /** Read through a method: TypeScript would keep `lastRead` narrowed across the awaited evaluation. */
  private lastReadPlace(): { object: TemplateValue; key: string } | undefined {
    return this.lastRead;
  }

  private charge(steps: number): void {
    this.state.meter?.tick();
    this.state.steps += steps;
    if (this.state.steps > this.state.limits.maxSteps) {
      throw new EvalError("LIMIT", `Evaluation exceeded the limit of ${this.state.limits.maxSteps} steps`);
    }
  }

  private checkString(value: string): string {
    if (value.length > this.state.limits.maxStringLength) {
      throw new EvalError("LIMIT", `String of ${value.length} characters exceeds the limit of ${this.state.limits.maxStringLength}`);
    }
    return value;
  }

  private checkSize(size: number): void {
    if (size > this.state.limits.maxCollectionSize) {
      throw new EvalError("LIMIT", `Collection of ${size} items exceeds the limit of ${this.state.limits.maxCollectionSize}`);
    }
    this.charge(Math.max(0, Math.floor(size / 16)));
  }

  // ---- nodes ----

  private async renderNodes(nodes: readonly Node[], scope: Scope, output: Output): Promise<void> {
    for (const node of nodes) {
      this.charge(1);
      try {
        await this.renderNode(node, scope, output);
      } catch (error) {
        throw toTemplateError(error, this.template.source, node.offset);
      }
    }
  }

  private async renderNode(node: Node, scope: Scope, output: Output): Promise<void> {
    switch (node.type) {
      case "text":
        output.push(node.value);
        return;
      case "print": {
        this.lastRead = undefined;
        const value = await this.evaluate(node.expr, scope);
        // A float literal, arithmetic on one, or a number read where a Java double is (a FLOAT
        // input, a parsed JSON 2.0): Pebble prints a Double as 2.0, not 2.
        const double = this.isDouble(node.expr, value);
        const text = double ? formatDouble(value) : printValue(value, Math.max(0, output.remaining()));
        chargeChars(text.length);
        output.push(text);
        return;
      }
      case "if":
        for (const branch of node.branches) {
          if (toBoolean(await this.evaluate(branch.condition, scope))) {
            await this.renderNodes(branch.body, scope, output);
            return;
          }
        }
        if (node.otherwise) await this.renderNodes(node.otherwise, scope, output);
        return;
      case "for":
        await this.renderFor(node, scope, output);
        return;
      case "set": {
        const { value, double } = await this.operand(node.expr, scope);
        scope.bind(node.name, value, double);
        return;
      }
      case "filterBlock": {
        const inner = new Output(Math.max(0, output.remaining()));
        await this.renderNodes(node.body, scope, inner);
        let value: TemplateValue = inner.toString();
        for (const filter of node.filters) value = await this.applyFilter(filter, value, scope);
        output.push(printValue(value, Math.max(0, output.remaining())));
        return;
      }
    }
  }

  private async renderFor(node: Extract<Node, { type: "for" }>, scope: Scope, output: Output): Promise<void> {
    const iterable = await this.evaluate(node.iterable, scope);
    let items: TemplateValue[];
    if (iterable === null) items = [];
    else if (isList(iterable)) items = listItems(iterable);
    else if (isMap(iterable)) items = mapEntries(iterable).map(([key, value]) => newMap([["key", key], ["value", value]]));
    else throw new EvalError("TYPE", `Cannot iterate over a ${typeName(iterable)}`);

    if (items.length === 0) {
      if (node.otherwise) await this.renderNodes(node.otherwise, scope, output);
      return;
    }
    const loopScope = new Scope(scope);
    const length = items.length;
    for (let index = 0; index < length; index++) {
      this.charge(1);
      loopScope.bind(node.variable, items[index] ?? null, isList(iterable) && isDoubleAt(iterable, index));
      loopScope.vars.set(
        "loop",
        newMap([
          ["index", index],
          ["revindex", length - index - 1],
          ["first", index === 0],
          ["last", index === length - 1],
          ["length", length],
        ]),
      );
      await this.renderNodes(node.body, loopScope, output);
    }
  }

  // ---- expressions ----

  private async evaluate(expr: Expr, scope: Scope): Promise<TemplateValue> {
    this.charge(1);
    let value: TemplateValue;
    try {
      value = await this.evaluateInner(expr, scope);
    } catch (error) {
      throw toTemplateError(error, this.template.source, expr.offset);
    }
    if (typeof value === "string" && value.length > this.state.limits.maxStringLength) {
      throw toTemplateError(
        new EvalError("LIMIT", `String of ${value.length} characters exceeds the limit of ${this.state.limits.maxStringLength}`),
        this.template.source,
        expr.offset,
      );
    }
    return value;
  }

  /** Evaluate, turning "does not exist" into null (for `??`, `default`, `is defined`). */
  private async evaluateLenient(expr: Expr, scope: Scope): Promise<{ defined: boolean; value: TemplateValue }> {
    try {
      return { defined: true, value: await this.evaluate(expr, scope) };
    } catch (error) {
      if (isUndefinedError(error)) return { defined: false, value: null };
      throw error;
    }
  }

  private async evaluateInner(expr: Expr, scope: Scope): Promise<TemplateValue> {
    switch (expr.type) {
      case "literal":
        return expr.value;
      case "interpolation": {
        let text = "";
        for (const part of expr.parts) {
          text += typeof part === "string" ? part : concatString(await this.evaluate(part, scope));
          this.checkString(text);
        }
        return text;
      }
      case "list": {
        this.checkSize(expr.items.length);
        const items: TemplateValue[] = [];
        const doubles: number[] = [];
        for (const item of expr.items) {
          const { value, double } = await this.operand(item, scope);
          if (double) doubles.push(items.length);
          items.push(value);
        }
        // `[1.5, 2]`: the 1.5 stays a Java double where the list goes (a loop, a set, printing).
        for (const index of doubles) markDouble(items, index);
        return items;
      }
      case "map": {
        this.checkSize(expr.entries.length);
        const entries: [string, TemplateValue][] = [];
        const doubleKeys: string[] = [];
        for (const entry of expr.entries) {
          const key = await this.evaluate(entry.key, scope);
          if (key !== null && typeof key === "object") throw new EvalError("TYPE", `A map key must be a string or a number, not a ${typeName(key)}`);
          const { value, double } = await this.operand(entry.value, scope);
          entries.push([javaString(key), value]);
          if (double) doubleKeys.push(javaString(key));
        }
        const map = newMap(entries);
        for (const key of doubleKeys) markDouble(map, key);
        return map;
      }
      case "name":
        this.lastNameDouble = scope.isDouble(expr.name);
        return this.lookup(expr.name, scope);
      case "member": {
        const object = await this.evaluate(expr.object, scope);
        const property = await this.evaluate(expr.property, scope);
        const value = readAttribute(object, property);
        // Where the value was read: a number there may be marked a Java double (values.ts markDouble).
        this.lastRead = { object, key: typeof property === "string" || typeof property === "number" ? String(property) : "" };
        return value;
      }
      case "call":
        return this.callFunction(expr.name, expr.args, scope);
      case "filter": {
        // Like Pebble: an unknown filter is reported before its input is evaluated.
        if (!FILTERS.has(expr.name)) throw new EvalError("EVALUATION", `Filter [${expr.name}] does not exist.`);
        const input =
          expr.name === "default" ? (await this.evaluateLenient(expr.input, scope)).value : await this.evaluate(expr.input, scope);
        return this.applyFilter(expr, input, scope);
      }
      case "test":
        return this.applyTest(expr, scope);
      case "unary":
        return this.evaluateUnary(expr, scope);
      case "binary":
        return this.evaluateBinary(expr, scope);
      case "ternary":
        return toBoolean(await this.evaluate(expr.condition, scope))
          ? this.evaluate(expr.then, scope)
          : this.evaluate(expr.otherwise, scope);
    }
  }

  private lookup(name: string, scope: Scope): TemplateValue {
    const local = scope.lookup(name);
    if (local !== undefined) return local;
    if (isForbiddenAttribute(name)) throw new EvalError("FORBIDDEN", `Access to '${name}' is not allowed`);
    // `$functions` holds the injected callbacks: it is configuration, not data.
    if (name !== "$functions") {
      const lookup = readOwn(this.state.context, name);
      if (lookup.found) return lookup.value;
    }
    throw new EvalError(
      "UNDEFINED",
      `Root attribute [${name}] does not exist or can not be accessed and strict variables is set to true.`,
      name,
    );
  }

  private async evaluateArgs(args: Args, scope: Scope): Promise<{
    positional: TemplateValue[];
    named: { name: string; value: TemplateValue }[];
  }> {
    const positional: TemplateValue[] = [];
    for (const arg of args.positional) positional.push(await this.evaluate(arg, scope));
    const named: { name: string; value: TemplateValue }[] = [];
    for (const arg of args.named) named.push({ name: arg.name, value: await this.evaluate(arg.value, scope) });
    return { positional, named };
  }

  private async callFunction(name: string, args: Args, scope: Scope): Promise<TemplateValue> {
    const builtin = BUILTIN_FUNCTIONS.get(name);
    const injected = builtin ? null : this.injectedFunction(name);
    if (!builtin && !injected) throw new EvalError("EVALUATION", `Function or Macro [${name}] does not exist.`);
    const evaluated = await this.evaluateArgs(args, scope);
    if (builtin) {
      const bound = bindArgs(`'${name}' function`, builtin.argNames, evaluated.positional, evaluated.named);
      return builtin.call(bound, this.runtime);
    }
    try {
      return await callInjected(name, injected as InjectedFunction, evaluated.positional, evaluated.named);
    } catch (error) {
      if (error instanceof EvalError || error instanceof TemplateError) throw error;
      // The callback's own message ("The key 'k' does not exist ...") is what the author needs.
      const reason = error instanceof Error ? error.message : String(error);
      throw new EvalError("EVALUATION", reason);
    }
  }

  private injectedFunction(name: string): InjectedFunction | null {
    const descriptor = Object.getOwnPropertyDescriptor(this.state.functions, name);
    return descriptor && typeof descriptor.value === "function" ? (descriptor.value as InjectedFunction) : null;
  }

  private async applyFilter(call: FilterCall | Extract<Expr, { type: "filter" }>, input: TemplateValue, scope: Scope): Promise<TemplateValue> {
    const filter = FILTERS.get(call.name);
    if (!filter) throw new EvalError("EVALUATION", `Filter [${call.name}] does not exist.`);
    const evaluated = await this.evaluateArgs(call.args, scope);
    const bound = bindArgs(`'${call.name}' filter`, filter.argNames, evaluated.positional, evaluated.named);
    const result = await filter.apply(input, bound, this.runtime);
    // String filters do work proportional to what they produce (replace, indent, title...).
    if (typeof result === "string") chargeChars(result.length);
    return result;
  }

  private async applyTest(expr: Extract<Expr, { type: "test" }>, scope: Scope): Promise<TemplateValue> {
    const test = TESTS.get(expr.name);
    if (!test) throw new EvalError("EVALUATION", `Test [${expr.name}] does not exist.`);
    // `defined` is the one test that must not fail on a missing variable: that is its question.
    const input = expr.name === "defined" ? (await this.evaluateLenient(expr.input, scope)).value : await this.evaluate(expr.input, scope);
    const evaluated = await this.evaluateArgs(expr.args, scope);
    const result = test.apply(input, bindArgs(`'${expr.name}' test`, test.argNames, evaluated.positional, evaluated.named), this.runtime);
    return expr.negated ? !result : result;
  }

  private async evaluateUnary(expr: Extract<Expr, { type: "unary" }>, scope: Scope): Promise<TemplateValue> {
    const operand = await this.evaluate(expr.operand, scope);
    if (expr.operator === "not") return !toBoolean(operand);
    if (typeof operand !== "number") {
      throw new EvalError("TYPE", `invalid operand for unary '${expr.operator}': ${typeName(operand)}`);
    }
    return expr.operator === "-" ? -operand : operand;
  }

  private async evaluateBinary(expr: Extract<Expr, { type: "binary" }>, scope: Scope): Promise<TemplateValue> {
    switch (expr.operator) {
      case "and":
        return toBoolean(await this.evaluate(expr.left, scope)) && toBoolean(await this.evaluate(expr.right, scope));
      case "or":
        return toBoolean(await this.evaluate(expr.left, scope)) || toBoolean(await this.evaluate(expr.right, scope));
      case "??": {
        const left = await this.evaluateLenient(expr.left, scope);
        return left.defined && left.value !== null ? left.value : this.evaluate(expr.right, scope);
      }
      case "???": {
        const left = await this.evaluateLenient(expr.left, scope);
        return left.defined ? left.value : this.evaluate(expr.right, scope);
      }
      default:
        break;
    }
    if (ARITHMETIC.has(expr.operator)) {
      const left = await this.operand(expr.left, scope);
      const right = await this.operand(expr.right, scope);
      const float = left.double || right.double;
      const result =
        expr.operator === "+"
          ? this.add(left.value, right.value, float)
          : expr.operator === "-"
            ? this.subtract(left.value, right.value, float)
            : arithmetic(expr.operator, left.value, right.value, float);
      if (float && typeof result === "number") this.doubleResults.add(expr);
      else this.doubleResults.delete(expr);
      return result;
    }
    const left = await this.evaluate(expr.left, scope);
    const right = await this.evaluate(expr.right, scope);
    switch (expr.operator) {
      case "==":
        return valuesEqual(left, right);
      case "!=":
        return !valuesEqual(left, right);
      case "<":
      case ">":
      case "<=":
      case ">=":
        return compare(expr.operator, left, right);
      case "~": {
        const text = this.checkString(concatString(left) + concatString(right));
        chargeChars(text.length);
        return text;
      }
      case "..":
        return this.range(left, right);
      case "contains":
        return contains(left, right);
      case "in":
      case "notIn": {
        const found = isIn(left, right);
        return expr.operator === "in" ? found : !found;
      }
    }
    throw new Error(`unknown operator ${expr.operator}`);
  }

  private add(left: TemplateValue, right: TemplateValue, float: boolean): TemplateValue {
    if (typeof left === "string" || typeof right === "string") {
      const text = this.checkString(javaString(left) + javaString(right));
      chargeChars(text.length);
      return text;
    }
    if (isList(left)) {
      const addition = isList(right) ? listItems(right) : [right];
      this.checkSize(left.length + addition.length);
      return [...listItems(left), ...addition];
    }
    return arithmetic("+", left, right, float);
  }

  private subtract(left: TemplateValue, right: TemplateValue, float: boolean): TemplateValue {
    if (isList(left)) {
      const removed = isList(right) ? listItems(right) : [right];
      this.charge(left.length);
      return listItems(left).filter((item) => !removed.some((other) => valuesEqual(item, other)));
    }
    return arithmetic("-", left, right, float);
  }

  /** `a..b`: Pebble's RangeExpression, i.e. `range(a, b)`. */
  private range(left: TemplateValue, right: TemplateValue): TemplateValue {
    if (typeof left === "number" && typeof right === "number") {
      return rangeNumbers(Math.trunc(left), Math.trunc(right), 1, this.runtime);
    }
    if (typeof left === "string" && typeof right === "string" && left.length === 1 && right.length === 1) {
      return rangeNumbers(left.charCodeAt(0), right.charCodeAt(0), 1, this.runtime).map((code) => String.fromCharCode(code));
    }
    throw new EvalError("TYPE", "Arguments of range function must be of type Number or String with a length of 1");
  }
}
