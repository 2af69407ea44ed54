import { z } from "zod";
import type { NamespaceFileRow } from "@/db/queries/namespace-files";
import { ApiError } from "@/lib/errors";
import { baseName } from "@/lib/namespace-files/paths";
import { readBody } from "./request";
import { namespaceSchema } from "./schemas";

export const MAX_NAMESPACE_FILE_BYTES = 10 * 1024 * 1024;

export const namespaceParams = z.object({ namespace: namespaceSchema });

/** Kestra's FileAttributes. */
export function fileAttributes(row: NamespaceFileRow) {
  return {
    fileName: baseName(row.path) || "/",
    type: row.type,
    size: row.size,
    lastModifiedTime: row.updatedAt.getTime(),
    creationTime: row.createdAt.getTime(),
    metadata: {},
  };
}

/** The root folder, which has no row. */
export function rootAttributes() {
  return { fileName: "/", type: "Directory" as const, size: 0, lastModifiedTime: null, creationTime: null, metadata: {} };
}

const tooLarge = () =>
  new ApiError("payload_too_large", `A namespace file is at most ${MAX_NAMESPACE_FILE_BYTES} bytes`, [{ path: "fileContent", message: "too large" }]);

/** An upload: the multipart part `fileContent` (Kestra's), or the raw body of any other type. */
export async function readUpload(req: Request): Promise<Buffer> {
  const type = req.headers.get("content-type") ?? "";
  if (Number(req.headers.get("content-length") ?? "0") > MAX_NAMESPACE_FILE_BYTES + 64 * 1024) throw tooLarge();
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new ApiError("bad_request", "Malformed multipart body", [{ path: "(body)", message: "malformed multipart" }]);
    }
    const part = form.get("fileContent");
    if (part === null) throw new ApiError("unprocessable", "Invalid body: fileContent: required", [{ path: "fileContent", message: "required" }]);
    const content = typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(await part.arrayBuffer());
    if (content.length > MAX_NAMESPACE_FILE_BYTES) throw tooLarge();
    return content;
  }
  if (!req.body) return Buffer.alloc(0);
  return Buffer.from(await readBody(req, MAX_NAMESPACE_FILE_BYTES), "utf8");
}

/** Content type of a download, by extension where it is obvious. */
export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const types: Record<string, string> = { json: "application/json", yaml: "application/x-yaml", yml: "application/x-yaml", csv: "text/csv", txt: "text/plain", sql: "text/plain", py: "text/plain", js: "text/plain", sh: "text/plain", md: "text/plain" };
  return `${types[ext] ?? "application/octet-stream"}${types[ext]?.startsWith("text/") ? "; charset=utf-8" : ""}`;
}
