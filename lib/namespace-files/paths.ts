import { ApiError } from "@/lib/errors";

/**
 * Paths of namespace files, as Kestra writes them: from the namespace's root, `/queries/q.sql`
 * and `queries/q.sql` being the same file. Confined: a `..` segment, an empty segment (`//`,
 * so no `//etc/passwd`), a backslash, a drive letter, NUL or any control character, or a
 * segment with other odd characters is refused, naming `path`.
 */
const SEGMENT = /^[A-Za-z0-9._=+@-][A-Za-z0-9 ._=+@-]*$/;
const MAX = 1024;

export class PathError extends Error {}

/** The normalised path (`/a/b.sql`; `/` for the root), or a PathError saying why not. */
export function normalizePath(raw: string, { allowRoot = false } = {}): string {
  if (raw.length > MAX) throw new PathError(`must be at most ${MAX} characters`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new PathError("must not contain NUL or control characters");
  if (raw.includes("\\")) throw new PathError("must use / between folders, not \\");
  const body = raw.startsWith("/") ? raw.slice(1) : raw;
  if (body === "" || body === ".") {
    if (allowRoot) return "/";
    throw new PathError("must name a file or folder");
  }
  if (body.startsWith("/")) throw new PathError("must be relative to the namespace (no //)");
  const parts = body.endsWith("/") ? body.slice(0, -1).split("/") : body.split("/");
  for (const part of parts) {
    if (part === "..") throw new PathError("must not contain '..'");
    if (part === "" || part === ".") throw new PathError("must not contain empty or '.' segments");
    if (part.length > 255) throw new PathError("has a segment longer than 255 characters");
    if (!SEGMENT.test(part)) throw new PathError(`has an invalid segment ${JSON.stringify(part)}: use letters, digits, space and . _ - = + @`);
  }
  return `/${parts.join("/")}`;
}

/** normalizePath, or a 422 naming the field (`path`, `from`, `to`). */
export function parsePath(raw: string | null | undefined, field = "path", options: { allowRoot?: boolean } = {}): string {
  if (raw === null || raw === undefined) {
    if (options.allowRoot) return "/";
    throw new ApiError("unprocessable", `Invalid ${field}: required`, [{ path: field, message: "required" }]);
  }
  try {
    return normalizePath(raw, options);
  } catch (error) {
    const message = error instanceof PathError ? error.message : "invalid";
    throw new ApiError("unprocessable", `Invalid ${field}: it ${message}`, [{ path: field, message }]);
  }
}

/** `/a/b/c.sql` → [`/a`, `/a/b`]. */
export function parentsOf(path: string): string[] {
  const parts = path.split("/").filter(Boolean);
  return parts.slice(0, -1).map((_, i) => `/${parts.slice(0, i + 1).join("/")}`);
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** The storage key of a namespace file's content: under `_files/` (no namespace starts with `_`). */
export function storageKeyOf(namespace: string, path: string): string {
  return `_files/${namespace}${path}`;
}

/** Whether `path` is `dir` or inside it. */
export function within(dir: string, path: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}
