import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { apiTokens } from "../schema";
import { newId } from "@/lib/ids";

const TOKEN_PREFIX = "sy_";
/** A service account's tokens name their tenant: `sy_sa.<tenant>.<random>`. */
const SA_TOKEN = /^sy_sa\.([a-z0-9][a-z0-9_-]*)\.[A-Za-z0-9_-]+$/;

/** A new random token value (the user's, or a service account's naming its tenant). */
export function newTokenValue(serviceAccountTenant?: string): string {
  const random = randomBytes(32).toString("base64url");
  return serviceAccountTenant ? `${TOKEN_PREFIX}sa.${serviceAccountTenant}.${random}` : TOKEN_PREFIX + random;
}

/** The tenant a service-account token belongs to; null for any other value. */
export function serviceAccountTokenTenant(token: string): string | null {
  return SA_TOKEN.exec(token)?.[1] ?? null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What a token's owner may see of it (never its hash): user tokens and service-account tokens alike. */
export type TokenFields = Pick<typeof apiTokens.$inferSelect, "id" | "name" | "description" | "prefix" | "createdAt" | "expiresAt" | "lastUsedAt">;

export function publicToken(t: TokenFields) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    prefix: t.prefix,
    iat: t.createdAt.toISOString(),
    exp: t.expiresAt?.toISOString() ?? null,
    lastUsed: t.lastUsedAt?.toISOString() ?? null,
    expired: t.expiresAt ? t.expiresAt.getTime() <= Date.now() : false,
  };
}

/** Creates a token; the full value is returned once and only its hash is kept. */
export async function createApiToken(
  tx: Tx,
  input: { userId: string; name: string; description?: string | null; maxAgeSeconds?: number | null },
) {
  const fullToken = newTokenValue();
  const [row] = await tx
    .insert(apiTokens)
    .values({
      id: newId(),
      userId: input.userId,
      name: input.name,
      description: input.description ?? null,
      prefix: fullToken.slice(0, 10),
      tokenHash: hashToken(fullToken),
      expiresAt: input.maxAgeSeconds ? new Date(Date.now() + input.maxAgeSeconds * 1000) : null,
    })
    .returning();
  return { ...publicToken(row), fullToken };
}

export function listApiTokens(tx: Tx, { userId }: { userId: string }) {
  return tx.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function deleteApiToken(tx: Tx, { userId, tokenId }: { userId: string; tokenId: string }) {
  const [row] = await tx
    .delete(apiTokens)
    .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, tokenId)))
    .returning();
  return row ?? null;
}

/** The live token with this value, marking it used (at most once a minute, to spare writes). */
export function isApiTokenShaped(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX);
}

export function isTokenExpired(token: { expiresAt: Date | null }): boolean {
  return Boolean(token.expiresAt && token.expiresAt.getTime() <= Date.now());
}

/** A token's use is recorded at most this often (here and in tenantAccessStatement). */
export const TOKEN_TOUCH_SECONDS = 60;

export async function consumeApiToken(tx: Tx, token: string) {
  if (!isApiTokenShaped(token)) return null;
  const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token)));
  if (!row || isTokenExpired(row)) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOKEN_TOUCH_SECONDS * 1000) {
    await tx.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, row.id));
  }
  return row;
}
