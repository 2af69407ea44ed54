import { validateFlowSource, type FlowError } from "@/engine/flow/validate";
import type { Flow } from "@/engine/flow/schema";
import { ApiError } from "@/lib/errors";

export function flowErrorDetails(errors: FlowError[]) {
  return errors.map((e) => ({ path: e.path || "(flow)", message: e.message, line: e.line, column: e.column }));
}

export function describeFlowErrors(errors: FlowError[]): string {
  const [first] = errors;
  const where = first.line ? ` (line ${first.line}, column ${first.column})` : "";
  const more = errors.length > 1 ? ` and ${errors.length - 1} more problem(s)` : "";
  return `${first.path ? `${first.path}: ` : ""}${first.message}${where}${more}`;
}

/** A thrown 422 (or 413 for an oversized source) for a flow that does not validate. */
export function invalidFlow(errors: FlowError[]): ApiError {
  if (errors.some((e) => e.code === "too_large")) return new ApiError("payload_too_large", describeFlowErrors(errors), flowErrorDetails(errors));
  return new ApiError("unprocessable", `Invalid flow: ${describeFlowErrors(errors)}`, flowErrorDetails(errors));
}

/** Validates a flow source or throws the 4xx that names the line, column and path. */
export function parseFlowOrThrow(source: string): Flow {
  const result = validateFlowSource(source);
  if (!result.ok) throw invalidFlow(result.errors);
  return result.flow;
}
