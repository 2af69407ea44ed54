import type { z } from "zod";
import type { PathSegment } from "./locate";

/** A zod issue reduced to what a user needs: where, what, and whether to point at the key. */
export type PlainIssue = { path: PathSegment[]; message: string; atKey?: boolean };

type Issue = z.core.$ZodIssue;

/** Codes meaning "this branch of a union is not even the right shape". */
const WRONG_SHAPE = new Set(["invalid_type", "invalid_format", "invalid_value", "invalid_union"]);

/** Codes that, on an absent value, just mean "this property is required". */
const MAYBE_MISSING = new Set(["invalid_type", "invalid_union", "invalid_value"]);

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((p) => (typeof p === "number" ? p : String(p)));
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    if (!Object.prototype.hasOwnProperty.call(v, seg)) return undefined;
    v = (v as Record<PathSegment, unknown>)[seg];
  }
  return v;
}

/**
 * The branch of a failed union worth reporting: the one that got past the
 * shape check. A list of labels with one bad item should say which item is
 * bad, not "expected a map or a list".
 */
function viableBranch(branches: Issue[][]): Issue[] | undefined {
  const viable = branches.filter(
    (issues) => !issues.some((i) => i.path.length === 0 && WRONG_SHAPE.has(i.code)),
  );
  return viable.length === 1 ? viable[0] : undefined;
}

const NAMES: Record<string, string> = {
  object: "a map",
  record: "a map",
  map: "a map",
  array: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "a boolean",
  null: "null",
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  return NAMES[typeof value] ?? typeof value;
}

/** zod's default wording ("Too small: expected number to be >=0") in plain words. */
function reword(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case "invalid_type":
      // Our own messages (set on the schema) do not start with zod's prefix.
      if (!issue.message.startsWith("Invalid input")) return issue.message;
      return `expected ${NAMES[issue.expected] ?? issue.expected}, got ${describe(value)}`;
    case "too_small":
    case "too_big": {
      if (!issue.message.startsWith("Too ")) return issue.message;
      const small = issue.code === "too_small";
      const bound = small ? issue.minimum : issue.maximum;
      const op = small ? (issue.inclusive === false ? ">" : ">=") : issue.inclusive === false ? "<" : "<=";
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") return `must be ${op} ${bound}`;
      const unit = issue.origin === "string" ? "characters" : "items";
      return `must have ${small ? "at least" : "at most"} ${bound} ${unit}`;
    }
    case "invalid_value":
      if (!issue.message.startsWith("Invalid option")) return issue.message;
      return `must be one of ${issue.values.map((v) => String(v)).join(", ")}`;
    default:
      return issue.message;
  }
}

function plain(issue: Issue, prefix: PathSegment[], root: unknown): PlainIssue[] {
  const path = [...prefix, ...toPath(issue.path)];
  if (issue.code === "invalid_union" && issue.errors.length) {
    const branch = viableBranch(issue.errors);
    if (branch) return branch.flatMap((i) => plain(i, path, root));
  }
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown property "${key}"`, atKey: true }));
  }
  if (MAYBE_MISSING.has(issue.code) && path.length) {
    const parent = valueAt(root, path.slice(0, -1));
    const value = valueAt(root, path);
    if (value === undefined && parent && typeof parent === "object" && !Array.isArray(parent)) {
      return [{ path, message: `missing required property "${path[path.length - 1]}"` }];
    }
  }
  if (issue.code === "too_small" && issue.origin === "array" && Number(issue.minimum) === 1) {
    return [{ path, message: issue.message.startsWith("Too small") ? "must not be empty" : issue.message }];
  }
  return [{ path, message: reword(issue, valueAt(root, path)) }];
}

/**
 * zod issues → one plain issue per problem, with union noise removed and
 * unknown keys split out. `root` is the value zod validated, used to tell a
 * missing property from a wrong one.
 */
export function plainIssues(issues: readonly Issue[], root: unknown): PlainIssue[] {
  return issues.flatMap((issue) => plain(issue, [], root));
}
