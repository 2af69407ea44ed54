import { and, asc, eq, ilike, like, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { namespaceFiles } from "../schema";

export type NamespaceFileRow = typeof namespaceFiles.$inferSelect;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
const under = (dir: string) => (dir === "/" ? sql`true` : or(eq(namespaceFiles.path, dir), like(namespaceFiles.path, `${escapeLike(dir)}/%`)));

export async function getNamespaceFile(tx: Tx, { namespace, path }: { namespace: string; path: string }) {
  const [row] = await tx.select().from(namespaceFiles).where(and(eq(namespaceFiles.namespace, namespace), eq(namespaceFiles.path, path)));
  return row ?? null;
}

/** Every file and folder of a namespace at or under `dir`, sorted by path. */
export function listNamespaceFiles(tx: Tx, { namespace, dir = "/" }: { namespace: string; dir?: string }) {
  return tx.select().from(namespaceFiles).where(and(eq(namespaceFiles.namespace, namespace), under(dir))).orderBy(asc(namespaceFiles.path));
}

/** Paths whose name holds `q` (case-insensitive). */
export function searchNamespaceFiles(tx: Tx, { namespace, q }: { namespace: string; q: string }) {
  return tx
    .select()
    .from(namespaceFiles)
    .where(and(eq(namespaceFiles.namespace, namespace), eq(namespaceFiles.type, "File"), ilike(namespaceFiles.path, `%${escapeLike(q)}%`)))
    .orderBy(asc(namespaceFiles.path))
    .limit(1000);
}

/** Creates or replaces a row (a file's size and time change; a folder stays as it was). */
export async function upsertNamespaceFile(tx: Tx, row: { tenantId: string; namespace: string; path: string; type: "File" | "Directory"; size: number }) {
  await tx
    .insert(namespaceFiles)
    .values(row)
    .onConflictDoUpdate({
      target: [namespaceFiles.tenantId, namespaceFiles.namespace, namespaceFiles.path],
      set: row.type === "File" ? { size: row.size, updatedAt: sql`now()` } : { updatedAt: sql`${namespaceFiles.updatedAt}` },
    });
}

export async function deleteNamespaceFiles(tx: Tx, { namespace, dir }: { namespace: string; dir: string }) {
  return tx.delete(namespaceFiles).where(and(eq(namespaceFiles.namespace, namespace), under(dir))).returning();
}
