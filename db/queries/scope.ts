import { eq, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { escapeLike } from "./tenants";

/** `column` is `prefix` or a namespace below it (`company` covers `company.team`). */
export function namespaceIn(column: AnyColumn, prefix: string): SQL {
  return or(eq(column, prefix), sql`${column} like ${`${escapeLike(prefix)}.%`}`)!;
}

/**
 * Rows visible under a caller's namespace scope (lib/permissions namespaceScope): `null`
 * is the whole tenant, an empty list nothing, else any of the prefixes.
 */
export function inScope(column: AnyColumn, scope: string[] | null): SQL | undefined {
  if (scope === null) return undefined;
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((prefix) => namespaceIn(column, prefix)));
}
