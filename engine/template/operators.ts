/**
 * Pebble's binary operators on template values, following its OperatorUtils: Java numeric
 * promotion for arithmetic, `equals` for equality, plus Kestra's string comparisons and `isIn`.
 */
import type { Expr } from "./ast";
import { EvalError } from "./errors";
import { dateTime, isList, isMap, javaString, listItems, readOwn, typeName, valuesEqual, type TemplateValue } from "./values";

/** Statically a Java double: a float literal or arithmetic on one (`5.0 / 2` is 2.5, `5 / 2` is 2). */
export function isFloatTyped(expr: Expr): boolean {
  if (expr.type === "literal") return expr.float;
  if (expr.type === "unary" && expr.operator !== "not") return isFloatTyped(expr.operand);
  if (expr.type === "binary" && ["+", "-", "*", "/", "%"].includes(expr.operator)) {
    return isFloatTyped(expr.left) || isFloatTyped(expr.right);
  }
  return false;
}

const OPERATION_NAMES: Record<string, string> = { "+": "ADD", "-": "SUBTRACT", "*": "MULTIPLICATION", "/": "DIVISION", "%": "MODULUS" };

/** Java's binary numeric promotion: integers stay integers (`7 / 2` is 3), doubles divide exactly. */
export function arithmetic(operator: string, left: TemplateValue, right: TemplateValue, float: boolean): number {
  if (typeof left !== "number" || typeof right !== "number") {
    throw new EvalError("TYPE", `invalid operands for mathematical operation [${OPERATION_NAMES[operator] ?? operator}]`);
  }
  const integers = !float && Number.isInteger(left) && Number.isInteger(right);
  switch (operator) {
    case "+":
      return left + right;
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      if (integers) {
        if (right === 0) throw new EvalError("EVALUATION", "/ by zero");
        return Math.trunc(left / right);
      }
      return left / right;
    default:
      if (integers && right === 0) throw new EvalError("EVALUATION", "/ by zero");
      return left % right;
  }
}

/** Comparisons: numbers, strings (Kestra's addition) and dates; null on either side is false. */
export function compare(operator: "<" | ">" | "<=" | ">=", left: TemplateValue, right: TemplateValue): boolean {
  if (left === null || right === null) return false;
  let order: number;
  if (typeof left === "number" && typeof right === "number") order = left - right;
  else if (typeof left === "string" && typeof right === "string") order = left < right ? -1 : left > right ? 1 : 0;
  else if (left instanceof Date && right instanceof Date) order = dateTime(left) - dateTime(right);
  else {
    const name = { "<": "less than", ">": "greater than", "<=": "less than or equals", ">=": "greater than or equals" }[operator];
    throw new EvalError("TYPE", `Could not perform ${name} comparison between a ${typeName(left)} and a ${typeName(right)}`);
  }
  if (Number.isNaN(order)) return false;
  switch (operator) {
    case "<":
      return order < 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case ">=":
      return order >= 0;
  }
}

/** Pebble's `contains`: list membership (or containsAll), map key, or substring. */
export function contains(left: TemplateValue, right: TemplateValue): boolean {
  if (left === null) return false;
  if (isList(left)) {
    const items = listItems(left);
    const needles = isList(right) ? listItems(right) : [right];
    return needles.every((needle) => items.some((item) => valuesEqual(item, needle)));
  }
  if (isMap(left)) {
    const keys = isList(right) ? listItems(right) : [right];
    return keys.every((key) => key !== null && typeof key !== "object" && readOwn(left, javaString(key)).found);
  }
  if (typeof left === "string") return left.includes(javaString(right));
  throw new EvalError("TYPE", `Contains operator can only be used on Collections, Maps and Strings. Actual type was: ${typeName(left)}`);
}

/** Kestra's `isIn`: compares string forms, as its InExpression does. */
export function isIn(left: TemplateValue, right: TemplateValue): boolean {
  if (left === null || right === null) return false;
  if (!isList(right)) return false;
  const needle = javaString(left);
  return listItems(right).some((item) => javaString(item) === needle);
}
