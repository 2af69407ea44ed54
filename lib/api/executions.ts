import { z } from "zod";
import type { Execution, Label } from "@/engine/executor";
import { ApiError } from "@/lib/errors";
import { assertStorable, readBody } from "./request";

const MAX_MULTIPART_BYTES = 50 * 1024 * 1024;
const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** The UI link that the create and replay calls return. */
export function executionUrl(tenantId: string, e: Pick<Execution, "namespace" | "flowId" | "id">) {
  return `/ui/${tenantId}/executions/${e.namespace}/${e.flowId}/${e.id}`;
}

/**
 * Inputs of a create or resume call: multipart form fields (one part per input, file parts
 * for FILE inputs, as Kestra's API takes them), or a JSON object for convenience.
 */
export async function readExecutionInputs(req: Request): Promise<{ inputs: Record<string, unknown>; files: Record<string, { name: string; content: Buffer }> }> {
  const type = req.headers.get("content-type") ?? "";
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_MULTIPART_BYTES) throw new ApiError("payload_too_large", `Request body is larger than ${MAX_MULTIPART_BYTES} bytes`, [{ path: "(body)", message: "too large" }]);
  const inputs: Record<string, unknown> = {};
  const files: Record<string, { name: string; content: Buffer }> = {};
  if (!type || !req.body) return { inputs, files };
  if (/^multipart\/form-data/i.test(type) || /^application\/x-www-form-urlencoded/i.test(type)) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new ApiError("bad_request", "Malformed multipart body", [{ path: "(body)", message: "malformed multipart" }]);
    }
    for (const [key, value] of form.entries()) {
      if (typeof value === "string") inputs[key] = value;
      else {
        if (value.size > MAX_FILE_BYTES) throw new ApiError("payload_too_large", `File input ${key} is larger than ${MAX_FILE_BYTES} bytes`, [{ path: `inputs.${key}`, message: "too large" }]);
        files[key] = { name: value.name || key, content: Buffer.from(await value.arrayBuffer()) };
      }
    }
    assertStorable(inputs, "inputs");
    return { inputs, files };
  }
  if (/json/i.test(type)) {
    const text = await readBody(req, 1024 * 1024);
    if (!text.trim()) return { inputs, files };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", "Malformed JSON", [{ path: "(body)", message: "malformed JSON" }]);
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) throw new ApiError("unprocessable", "The inputs must be a JSON object", [{ path: "(body)", message: "expected an object" }]);
    assertStorable(data, "inputs");
    return { inputs: data as Record<string, unknown>, files };
  }
  throw new ApiError("unsupported_media_type", `Send inputs as multipart/form-data (or JSON), not ${type}`);
}

/** `?labels=k:v` (repeatable) → labels; a label without `:` is a 422. */
export function labelsFromQuery(url: URL): Label[] {
  return url.searchParams.getAll("labels").map((raw) => {
    const at = raw.indexOf(":");
    if (at < 1) throw new ApiError("unprocessable", `Label ${JSON.stringify(raw)} must be key:value`, [{ path: "labels", message: "expected key:value" }]);
    return { key: raw.slice(0, at), value: raw.slice(at + 1) };
  });
}

export const labelsBody = z.array(z.strictObject({ key: z.string().min(1).max(200), value: z.string().max(1000) })).max(100);

/**
 * Kestra's StateRequest (`POST /executions/{id}/state`): the task run and the state it takes.
 * RUNNING only resumes a PAUSED task run; the other states end the run.
 */
export const taskRunStateBody = z.strictObject({
  taskRunId: z.string().min(1).max(200),
  state: z.enum(["RUNNING", "SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED"]),
});

export const createQuery = z.object({
  wait: z.enum(["true", "false"]).optional(),
  revision: z.coerce.number().int().min(1).optional(),
  labels: z.string().optional(),
  scheduleDate: z.string().optional(),
});

/** Kestra's `scheduleDate` query parameter: an ISO-8601 date-time with its offset, or a 422 naming it. */
export function scheduleDateOf(raw: string | undefined): Date | undefined {
  if (raw === undefined || raw === "") return undefined;
  const parsed = z.iso.datetime({ offset: true }).safeParse(raw);
  if (!parsed.success) {
    throw new ApiError("unprocessable", "scheduleDate must be an ISO-8601 date-time with an offset (2026-01-01T10:00:00Z)", [{ path: "scheduleDate", message: "invalid date-time" }]);
  }
  return new Date(raw);
}

export const fileQuery = z.object({ path: z.string().min(1).max(2000).regex(/^kestra:\/\/\//, "must be a kestra:/// URI") });
