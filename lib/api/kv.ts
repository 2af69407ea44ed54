import { assertStorable } from "./request";
import { z } from "zod";
import type { KvRow } from "@/db/queries/kv";
import { namespaceSchema, durationSeconds } from "./schemas";
import { ApiError } from "@/lib/errors";

export const kvParams = z.object({
  namespace: namespaceSchema,
  key: z.string().min(1).max(255).regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, "must be letters, digits, ., _ or -").optional(),
});

/** KVEntry of the API. */
export function publicKvEntry(r: KvRow) {
  return {
    key: r.key,
    description: r.description,
    creationDate: r.createdAt.toISOString(),
    updateDate: r.updatedAt.toISOString(),
    expirationDate: r.expiresAt?.toISOString() ?? null,
  };
}

/** Kestra's typed value: `{type, value}` with STRING, NUMBER, BOOLEAN, JSON... */
export function typedValue(value: unknown) {
  if (typeof value === "string") return { type: "STRING", value };
  if (typeof value === "number") return { type: "NUMBER", value };
  if (typeof value === "boolean") return { type: "BOOLEAN", value };
  if (value === null) return { type: "JSON", value };
  return { type: "JSON", value };
}

/** The `ttl` header (ISO-8601 duration) in seconds. */
export function ttlFromHeader(req: Request): number | null {
  const ttl = req.headers.get("ttl");
  if (!ttl) return null;
  const seconds = durationSeconds(ttl);
  if (!seconds) throw new ApiError("unprocessable", "ttl must be an ISO-8601 duration such as PT1H", [{ path: "ttl", message: "invalid duration" }]);
  return seconds;
}

/** A PUT body: JSON when it parses (and the type says so or it looks like JSON), else the raw text. */
export function kvValueFromBody(text: string, contentType: string | null): unknown {
  let value: unknown;
  if (contentType && /json/i.test(contentType)) {
    try {
      value = JSON.parse(text);
    } catch {
      throw new ApiError("bad_request", "Malformed JSON value", [{ path: "(body)", message: "malformed JSON" }]);
    }
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
  }
  assertStorable(value, "value");
  return value;
}
