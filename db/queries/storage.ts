import { and, asc, eq, gte, lt, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { storageObjects } from "../schema";

// Keys are COLLATE "C": every key under `p/` lies in [`p/`, `p0`) (`0` follows `/`), a
// range of the primary key, whatever characters the keys hold.
const under = (tenantId: string, prefix: string) =>
  and(eq(storageObjects.tenantId, tenantId), gte(storageObjects.key, `${prefix}/`), lt(storageObjects.key, `${prefix}0`));

/** Writes (or replaces) one file (inside withTenant). */
export async function putStorageObject(tx: Tx, tenantId: string, key: string, content: Buffer): Promise<void> {
  await tx
    .insert(storageObjects)
    .values({ tenantId, key, content, size: content.length })
    .onConflictDoUpdate({
      target: [storageObjects.tenantId, storageObjects.key],
      set: { content, size: content.length, updatedAt: sql`now()` },
    });
}

export async function getStorageObject(tx: Tx, tenantId: string, key: string): Promise<Buffer | null> {
  const [row] = await tx
    .select({ content: storageObjects.content })
    .from(storageObjects)
    .where(and(eq(storageObjects.tenantId, tenantId), eq(storageObjects.key, key)));
  return row?.content ?? null;
}

export async function storageObjectSize(tx: Tx, tenantId: string, key: string): Promise<number | null> {
  const [row] = await tx
    .select({ size: storageObjects.size })
    .from(storageObjects)
    .where(and(eq(storageObjects.tenantId, tenantId), eq(storageObjects.key, key)));
  return row ? Number(row.size) : null;
}

/** true when the file existed. */
export async function deleteStorageObject(tx: Tx, tenantId: string, key: string): Promise<boolean> {
  const rows = await tx
    .delete(storageObjects)
    .where(and(eq(storageObjects.tenantId, tenantId), eq(storageObjects.key, key)))
    .returning({ key: storageObjects.key });
  return rows.length > 0;
}

/** Keys of the files under `prefix/`, sorted bytewise. */
export async function listStorageObjects(tx: Tx, tenantId: string, prefix: string): Promise<string[]> {
  const rows = await tx.select({ key: storageObjects.key }).from(storageObjects).where(under(tenantId, prefix)).orderBy(asc(storageObjects.key));
  return rows.map((r) => r.key);
}

/** Bytes of all the tenant's files. */
export async function storageObjectsBytes(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx.select({ bytes: sql<string>`coalesce(sum(${storageObjects.size}), 0)` }).from(storageObjects).where(eq(storageObjects.tenantId, tenantId));
  return Number(row?.bytes ?? 0);
}

/** Removes the file `prefix` and every file under `prefix/`. */
export async function deleteStorageObjectsUnder(tx: Tx, tenantId: string, prefix: string): Promise<void> {
  await tx
    .delete(storageObjects)
    .where(or(and(eq(storageObjects.tenantId, tenantId), eq(storageObjects.key, prefix)), under(tenantId, prefix)));
}
