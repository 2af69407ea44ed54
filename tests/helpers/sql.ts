export { rowsOf as rows } from "@/db/queries/raw";

/** A matcher for errors Drizzle wraps ("Failed query: ..."): checks the driver's message. */
export function dbError(pattern: RegExp) {
  return (error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause;
    return pattern.test(String(cause?.message ?? (error as Error).message));
  };
}
