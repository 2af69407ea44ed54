import type { SQL } from "drizzle-orm";
import type { Tx } from "@/db/client";

/** Rows of a raw query on either driver (PGlite returns {rows}, postgres.js an array). */
export async function rows<T = Record<string, unknown>>(tx: Pick<Tx, "execute">, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A matcher for errors Drizzle wraps ("Failed query: ..."): checks the driver's message. */
export function dbError(pattern: RegExp) {
  return (error: unknown) => {
    const cause = (error as { cause?: { message?: string } }).cause;
    return pattern.test(String(cause?.message ?? (error as Error).message));
  };
}
