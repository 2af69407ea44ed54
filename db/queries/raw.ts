import type { SQL } from "drizzle-orm";
import type { Tx } from "../client";

/** Rows of a raw query on either driver (PGlite returns {rows}, postgres.js an array). */
export async function rowsOf<T = Record<string, unknown>>(tx: Pick<Tx, "execute">, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A PostgreSQL text[] literal, each value quoted as the grammar says (null: NULL). */
export function textArray(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? "NULL" : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)).join(",")}}`;
}
