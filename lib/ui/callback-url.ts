/**
 * The post-login destination from a `callbackUrl` parameter: only a same-origin relative
 * path (`/...`, never `//host` or `/\host`, which browsers treat as another origin).
 * Anything else falls back to `/ui`.
 */
export function safeCallbackUrl(value: unknown, fallback = "/ui"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and could turn the
  // path into `//host`; refuse them outright.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  try {
    const url = new URL(value, "http://switchyard.invalid");
    if (url.origin !== "http://switchyard.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
