import { and, asc, eq, gt, isNull, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { kvEntries } from "../schema";

export type KvRow = typeof kvEntries.$inferSelect;

const live = () => or(isNull(kvEntries.expiresAt), gt(kvEntries.expiresAt, sql`now()`));

export async function getKv(tx: Tx, { namespace, key }: { namespace: string; key: string }) {
  const [row] = await tx.select().from(kvEntries).where(and(eq(kvEntries.namespace, namespace), eq(kvEntries.key, key), live()));
  return row ?? null;
}

export function listKv(tx: Tx, { namespace }: { namespace: string }) {
  return tx.select().from(kvEntries).where(and(eq(kvEntries.namespace, namespace), live())).orderBy(asc(kvEntries.key));
}

/** Live keys of a namespace, sorted; with `prefix`, only those starting with it. */
export async function listKvKeys(tx: Tx, { namespace, prefix }: { namespace: string; prefix?: string }) {
  const starts = prefix ? sql`starts_with(${kvEntries.key}, ${prefix})` : undefined;
  const rows = await tx
    .select({ key: kvEntries.key })
    .from(kvEntries)
    .where(and(eq(kvEntries.namespace, namespace), live(), starts))
    .orderBy(asc(kvEntries.key));
  return rows.map((r) => r.key);
}

/** Sets a value (JSON), replacing any previous one; `ttlSeconds` sets the expiry. */
export async function setKv(
  tx: Tx,
  input: { tenantId: string; namespace: string; key: string; value: unknown; ttlSeconds?: number | null; description?: string | null },
) {
  const expiresAt = input.ttlSeconds ? new Date(Date.now() + input.ttlSeconds * 1000) : null;
  const [row] = await tx
    .insert(kvEntries)
    .values({ tenantId: input.tenantId, namespace: input.namespace, key: input.key, value: input.value as object, expiresAt, description: input.description ?? null })
    .onConflictDoUpdate({
      target: [kvEntries.tenantId, kvEntries.namespace, kvEntries.key],
      set: { value: input.value as object, expiresAt, updatedAt: sql`now()`, description: input.description ?? null },
    })
    .returning();
  return row;
}

export async function deleteKv(tx: Tx, { namespace, key }: { namespace: string; key: string }) {
  const [row] = await tx.delete(kvEntries).where(and(eq(kvEntries.namespace, namespace), eq(kvEntries.key, key))).returning();
  return Boolean(row);
}
