/** Evaluation of a jq tree: every node yields a list of outputs (jq's generators). */
import { EvalError } from "../errors";
import { isList, isMap, listItems, newMap, type TemplateValue } from "../values";
import { callBuiltin } from "./builtins";
import type { JqNode } from "./parse";
import { arithmetic, compareJq, indexValue, iterate, jqType, truthy, type Env } from "./values";

export function evaluate(node: JqNode, input: TemplateValue, env: Env): TemplateValue[] {
  env.charge(1);
  switch (node.kind) {
    case "identity":
      return [input];
    case "recurse": {
      const out: TemplateValue[] = [];
      const walk = (value: TemplateValue, depth: number): void => {
        if (depth > 256) throw new EvalError("LIMIT", "jq: value nested too deeply");
        env.charge(1);
        out.push(value);
        if (isList(value) || isMap(value)) iterate(value).forEach((item) => walk(item, depth + 1));
      };
      walk(input, 0);
      return out;
    }
    case "literal":
      return [node.value];
    case "variable": {
      const value = env.vars.get(node.name);
      if (value === undefined) throw new EvalError("EVALUATION", `jq: $${node.name} is not defined`);
      return [value];
    }
    case "index":
      return evaluate(node.target, input, env).flatMap((target) =>
        evaluate(node.key, input, env).map((key) => indexValue(target, key)),
      );
    case "slice":
      return evaluate(node.target, input, env).map((target) => {
        if (target === null) return null;
        const from = node.from ? evaluate(node.from, input, env)[0] ?? null : null;
        const to = node.to ? evaluate(node.to, input, env)[0] ?? null : null;
        if (typeof target === "string" || isList(target)) {
          const length = target.length;
          const start = typeof from === "number" ? (from < 0 ? length + from : from) : 0;
          const end = typeof to === "number" ? (to < 0 ? length + to : to) : length;
          return typeof target === "string" ? target.slice(start, end) : listItems(target).slice(start, end);
        }
        throw new EvalError("EVALUATION", `jq: Cannot slice ${jqType(target)}`);
      });
    case "iterate":
      return evaluate(node.target, input, env).flatMap((target) => iterate(target));
    case "try":
      try {
        return evaluate(node.body, input, env);
      } catch (error) {
        if (error instanceof EvalError && error.code === "LIMIT") throw error;
        return [];
      }
    case "pipe":
      return evaluate(node.left, input, env).flatMap((value) => evaluate(node.right, value, env));
    case "comma":
      return [...evaluate(node.left, input, env), ...evaluate(node.right, input, env)];
    case "neg":
      return evaluate(node.operand, input, env).map((value) => {
        if (typeof value !== "number") throw new EvalError("EVALUATION", `jq: ${jqType(value)} cannot be negated`);
        return -value;
      });
    case "binary":
      return evaluateBinary(node, input, env);
    case "array":
      return [node.body ? evaluate(node.body, input, env) : []];
    case "object": {
      let results: [string, TemplateValue][][] = [[]];
      for (const entry of node.entries) {
        const keys = evaluate(entry.key, input, env);
        const values = evaluate(entry.value, input, env);
        const next: [string, TemplateValue][][] = [];
        for (const partial of results) {
          for (const key of keys) {
            if (typeof key !== "string") throw new EvalError("EVALUATION", `jq: Object keys must be strings`);
            for (const value of values) next.push([...partial, [key, value]]);
          }
        }
        results = next;
      }
      return results.map((entries) => newMap(entries));
    }
    case "if": {
      const run = (index: number, value: TemplateValue): TemplateValue[] => {
        const branch = node.branches[index];
        if (!branch) return node.otherwise ? evaluate(node.otherwise, value, env) : [value];
        return evaluate(branch.condition, value, env).flatMap((condition) =>
          truthy(condition) ? evaluate(branch.then, value, env) : run(index + 1, value),
        );
      };
      return run(0, input);
    }
    case "reduce": {
      let accumulators = evaluate(node.init, input, env);
      for (const item of evaluate(node.source, input, env)) {
        const vars = new Map(env.vars).set(node.variable, item);
        accumulators = accumulators.flatMap((acc) => evaluate(node.update, acc, { ...env, vars }));
      }
      return accumulators.slice(-1);
    }
    case "as":
      return evaluate(node.source, input, env).flatMap((value) =>
        evaluate(node.body, input, { ...env, vars: new Map(env.vars).set(node.variable, value) }),
      );
    case "call":
      return callBuiltin(node.name, node.args, input, env, evaluate);
    default:
      return [];
  }
}

function evaluateBinary(node: Extract<JqNode, { kind: "binary" }>, input: TemplateValue, env: Env): TemplateValue[] {
  if (node.op === "//") {
    const left = (() => {
      try {
        return evaluate(node.left, input, env).filter(truthy);
      } catch (error) {
        if (error instanceof EvalError && error.code === "LIMIT") throw error;
        return [];
      }
    })();
    return left.length > 0 ? left : evaluate(node.right, input, env);
  }
  if (node.op === "and" || node.op === "or") {
    return evaluate(node.left, input, env).flatMap((left) => {
      if (node.op === "and" && !truthy(left)) return [false];
      if (node.op === "or" && truthy(left)) return [true];
      return evaluate(node.right, input, env).map(truthy);
    });
  }
  const rights = evaluate(node.right, input, env);
  return evaluate(node.left, input, env).flatMap((left) =>
    rights.map((right) => {
      switch (node.op) {
        case "==":
          return compareJq(left, right) === 0;
        case "!=":
          return compareJq(left, right) !== 0;
        case "<":
          return compareJq(left, right) < 0;
        case "<=":
          return compareJq(left, right) <= 0;
        case ">":
          return compareJq(left, right) > 0;
        case ">=":
          return compareJq(left, right) >= 0;
        default:
          return arithmetic(node.op, left, right, env);
      }
    }),
  );
}
