import { withInstance } from "@/db/tenant";
import { createApiToken, deleteApiToken, listApiTokens, publicToken } from "@/db/queries/tokens";
import { getUser } from "@/db/queries/users";
import { ApiError } from "@/lib/errors";
import { durationSeconds } from "./schemas";
import type { z } from "zod";
import type { apiTokenBody } from "./schemas";

/** API token endpoints shared by /me/api-tokens and /users/{id}/api-tokens. */

async function requireUser(userId: string) {
  const user = await withInstance((tx) => getUser(tx, { id: userId }));
  if (!user) throw new ApiError("not_found", `User ${userId} not found`);
}

export async function listTokens(userId: string) {
  await requireUser(userId);
  const rows = await withInstance((tx) => listApiTokens(tx, { userId }));
  return { results: rows.map(publicToken), total: rows.length };
}

export async function issueToken(userId: string, body: z.infer<typeof apiTokenBody>) {
  await requireUser(userId);
  const maxAgeSeconds = body.maxAge == null ? null : durationSeconds(body.maxAge);
  if (body.maxAge != null && !maxAgeSeconds) {
    throw new ApiError("unprocessable", "maxAge must be a positive ISO-8601 duration such as P30D", [{ path: "maxAge", message: "invalid duration" }]);
  }
  return withInstance((tx) => createApiToken(tx, { userId, name: body.name, description: body.description, maxAgeSeconds }));
}

export async function revokeToken(userId: string, tokenId: string) {
  const row = await withInstance((tx) => deleteApiToken(tx, { userId, tokenId }));
  if (!row) throw new ApiError("not_found", `API token ${tokenId} not found`);
}
