import { z } from "zod";
import type { FlowRevisionRow, FlowRow } from "@/db/queries/flows";
import { MAX_BULK_SOURCE_BYTES, MAX_FLOW_SOURCE_BYTES } from "@/engine/flow/parse";
import { ApiError } from "@/lib/errors";
import { namespaceSchema } from "./schemas";
import { readBody } from "./request";

/** The Flow / FlowWithSource JSON of the API (Kestra's field names). */
export function publicFlow(row: FlowRow | FlowRevisionRow, opts: { source?: boolean } = {}) {
  const definition = row.definition as Record<string, unknown>;
  const id = "flowId" in row ? row.flowId : row.id;
  return {
    ...definition,
    id,
    namespace: row.namespace,
    revision: row.revision,
    disabled: Boolean(definition.disabled),
    deleted: row.deleted,
    updated: ("updatedAt" in row ? row.updatedAt : row.createdAt).toISOString(),
    ...(opts.source === false ? {} : { source: row.source }),
  };
}

const YAML_TYPES = /^(application\/(x-)?yaml|text\/(x-)?yaml|text\/plain|application\/json|application\/octet-stream)\b/i;

/** Reads a YAML request body: 415 for form uploads and the like, 413 past the limit. */
export async function readYamlBody(req: Request, { bulk = false } = {}): Promise<string> {
  const type = req.headers.get("content-type");
  if (type && !YAML_TYPES.test(type)) {
    throw new ApiError("unsupported_media_type", `Expected a YAML body (Content-Type application/x-yaml), got ${type}`);
  }
  const source = await readBody(req, bulk ? MAX_BULK_SOURCE_BYTES : MAX_FLOW_SOURCE_BYTES);
  if (!source.trim()) throw new ApiError("unprocessable", "The body is empty: send the flow's YAML", [{ path: "(body)", message: "empty" }]);
  return source;
}

export const flowParams = z.object({ namespace: namespaceSchema, id: z.string().min(1).max(100) });

export const flowGetQuery = z.object({
  source: z.enum(["true", "false"]).optional(),
  revision: z.coerce.number().int().min(1).optional(),
  allowDeleted: z.enum(["true", "false"]).optional(),
});

/** `?labels=k:v&labels=k2` (Kestra) parsed to key/value pairs. */
export function parseLabelFilters(url: URL): { key: string; value?: string }[] {
  return url.searchParams.getAll("labels").flatMap((raw) =>
    raw
      .split(",")
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf(":");
        return at < 0 ? { key: pair } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
      }),
  );
}
