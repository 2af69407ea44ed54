/**
 * A jq subset for Kestra's `jq` filter: paths (`.a.b`, `.[0]`, `.["k"]`, `.[]`, `.[1:3]`, `?`),
 * pipes, commas, `//`, arithmetic and comparisons, `and`/`or`, array and object construction,
 * `if/then/elif/else/end`, `reduce ... as $x (init; update)`, variables, and the common
 * builtins (`length`, `keys`, `map`, `select`, `has`, `to_entries`, `sort_by`, `add`, ...).
 * Like every other part of the engine it reads data only and counts its work.
 */
import { EvalError } from "../errors";
import type { TemplateValue } from "../values";
import { evaluate } from "./evaluate";
import { parseJq, type JqNode } from "./parse";

const programCache = new Map<string, JqNode>();

/** Run a jq program on `input`; every output becomes an item of the returned list. */
export function runJq(
  program: string,
  input: TemplateValue,
  options: { charge: (steps: number) => void; maxStringLength: number },
): TemplateValue[] {
  let compiled = programCache.get(program);
  if (!compiled) {
    if (program.length > 4096) throw new EvalError("LIMIT", "jq program longer than 4096 characters");
    compiled = parseJq(program);
    if (programCache.size > 500) programCache.clear();
    programCache.set(program, compiled);
  }
  return evaluate(compiled, input, { vars: new Map(), charge: options.charge, maxStringLength: options.maxStringLength });
}

