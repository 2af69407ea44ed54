/**
 * A path inside a WorkingDirectory: relative, `/`-separated, with no `..`, `.` or empty
 * segment, so that it can never leave the directory (nor its execution's storage prefix).
 */
export function workingPath(raw: string): string {
  const parts = raw.replace(/\\/g, "/").replace(/^\.\//, "").split("/");
  if (raw.startsWith("/") || parts.some((p) => p === "" || p === "." || p === "..") || raw.includes("\u0000")) {
    throw new Error(`'${raw}' must be a relative path inside the working directory`);
  }
  return parts.join("/");
}
