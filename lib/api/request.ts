import { z, type ZodType } from "zod";
import { ApiError, zodDetails } from "@/lib/errors";
import { badText, pathText, unstorable } from "@/engine/executor/storable";

/**
 * A 422 naming the field when a value holds what the database cannot store (NUL, a lone
 * surrogate, nesting past the limit): bad input is refused here, never a 500 from SQL.
 */
export function assertStorable(value: unknown, prefix: string): void {
  const bad = unstorable(value);
  if (!bad) return;
  const path = pathText(prefix, bad.path);
  throw new ApiError("unprocessable", `Invalid ${path}: it ${bad.reason}`, [{ path, message: bad.reason }]);
}

/** Path parameters and every query parameter, checked before any handler reads them. */
export function assertCleanRequest(req: Request, params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    // Next.js hands over a segment it could not decode (`%ff%fe`) as it came.
    if (/%[0-9a-f]{2}/i.test(value)) {
      try {
        decodeURIComponent(value);
      } catch {
        throw new ApiError("bad_request", `Invalid ${name} in the path: not valid percent-encoded UTF-8`, [{ path: name, message: "invalid percent-encoding" }]);
      }
    }
    const reason = badText(value) ?? (value.includes("\uFFFD") ? "contains an invalid byte sequence (not UTF-8)" : null);
    if (reason) throw new ApiError("bad_request", `Invalid ${name} in the path: it ${reason}`, [{ path: name, message: reason }]);
  }
  for (const [name, value] of new URL(req.url).searchParams) {
    const reason = badText(name) ?? badText(value);
    if (reason) throw new ApiError("unprocessable", `Invalid query parameter ${storableName(name)}: it ${reason}`, [{ path: storableName(name), message: reason }]);
  }
}

const storableName = (name: string) => JSON.stringify(name).slice(1, -1).toWellFormed();

const MAX_JSON_BYTES = 1024 * 1024;

const tooLarge = (limit: number) =>
  new ApiError("payload_too_large", `Request body is larger than ${limit} bytes`, [{ path: "(body)", message: `larger than ${limit} bytes` }]);

/** Reads the body as text, refusing more than `limit` bytes without buffering them all. */
export async function readBody(req: Request, limit: number): Promise<string> {
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > limit) throw tooLarge(limit);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a JSON body against a schema: 415 for another media type, 400 for bad JSON, 422 naming fields. */
export async function parseJsonBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const type = req.headers.get("content-type") ?? "";
  const text = await readBody(req, MAX_JSON_BYTES);
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError("unsupported_media_type", `Expected Content-Type application/json, got ${type}`);
  }
  let data: unknown;
  try {
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch (error) {
    throw new ApiError("bad_request", `Malformed JSON: ${(error as Error).message}`, [{ path: "(body)", message: "malformed JSON" }]);
  }
  assertStorable(data, "");
  return parseWith(schema, data, "body");
}

export function parseWith<T>(schema: ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const details = zodDetails(result.error);
  throw new ApiError("unprocessable", `Invalid ${what}: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details);
}

export function searchParamsObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(1000).default(25),
  q: z.string().max(200).optional(),
  sort: z
    .string()
    .regex(/^[A-Za-z.]+(:(asc|desc))?$/, "must be field:asc or field:desc")
    .optional(),
});
export type PageQuery = z.infer<typeof pageQuery>;

export function paged<T>(results: T[], total: number) {
  return { results, total };
}
