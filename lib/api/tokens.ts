import type { z } from "zod";
import { withInstance } from "@/db/tenant";
import { listApiTokens, publicToken } from "@/db/queries/tokens";
import { getUser } from "@/db/queries/users";
import { ApiError } from "@/lib/errors";
import { durationSeconds, type apiTokenBody } from "./schemas";

/** API token endpoints shared by /me/api-tokens and /users/{id}/api-tokens: reading, and the body's lifetime. */

export async function listTokens(userId: string) {
  const user = await withInstance((tx) => getUser(tx, { id: userId }));
  if (!user) throw new ApiError("not_found", `User ${userId} not found`);
  const rows = await withInstance((tx) => listApiTokens(tx, { userId }));
  return { results: rows.map(publicToken), total: rows.length };
}

/** The body's `maxAge` (ISO-8601 duration or seconds) in seconds; null for no expiry. */
export function tokenMaxAge(body: z.infer<typeof apiTokenBody>): number | null {
  if (body.maxAge == null) return null;
  const seconds = durationSeconds(body.maxAge);
  if (!seconds) throw new ApiError("unprocessable", "maxAge must be a positive ISO-8601 duration such as P30D", [{ path: "maxAge", message: "invalid duration" }]);
  return seconds;
}
