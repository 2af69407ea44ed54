import { ZodError } from "zod";
import { QuotaExceeded } from "@/engine/quotas/errors";

export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "too_many_requests"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
  internal: 500,
};

export type ErrorDetail = { path: string; message: string; line?: number; column?: number };

/** The one error class of the API; mapped once to status and JSON envelope. */
export class ApiError extends Error {
  /** Sent as `Retry-After` (a 429 or 503). */
  retryAfterSeconds?: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** `tasks[2].type` style path, as users read it in the YAML. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

export function zodDetails(error: ZodError): ErrorDetail[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return { path: formatPath([...issue.path, ...issue.keys.slice(0, 1)]), message: `unknown field(s): ${issue.keys.join(", ")}` };
    }
    return { path: formatPath(issue.path) || "(body)", message: issue.message };
  });
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof QuotaExceeded) {
    return new ApiError(error.quota === "storageBytes" ? "payload_too_large" : "too_many_requests", error.message, [{ path: `quotas.${error.quota}`, message: "quota exceeded" }]);
  }
  if (error instanceof ZodError) {
    const details = zodDetails(error);
    return new ApiError("unprocessable", `Invalid request: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
  }
  return new ApiError("internal", "Internal server error");
}
