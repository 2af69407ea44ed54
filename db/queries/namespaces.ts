import { eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { namespaceSettings } from "../schema";

export type NamespaceSettings = typeof namespaceSettings.$inferSelect;

export async function getNamespaceSettings(tx: Tx, { namespace }: { namespace: string }): Promise<NamespaceSettings | null> {
  const [row] = await tx.select().from(namespaceSettings).where(eq(namespaceSettings.namespace, namespace));
  return row ?? null;
}

/** Creates or replaces a namespace's settings. */
export async function saveNamespaceSettings(
  tx: Tx,
  input: { tenantId: string; namespace: string; allowedNamespaces: string[]; description?: string | null },
): Promise<NamespaceSettings> {
  const values = { tenantId: input.tenantId, namespace: input.namespace, allowedNamespaces: input.allowedNamespaces, description: input.description ?? null };
  const [row] = await tx
    .insert(namespaceSettings)
    .values(values)
    .onConflictDoUpdate({
      target: [namespaceSettings.tenantId, namespaceSettings.namespace],
      set: { allowedNamespaces: values.allowedNamespaces, description: values.description, updatedAt: sql`now()` },
    })
    .returning();
  return row;
}

/** Whether `to` lists `from` (or one of its parents, or `*`) among the namespaces allowed to reach it. */
export async function namespaceAllows(tx: Tx, { to, from }: { to: string; from: string }): Promise<boolean> {
  const [row] = await tx
    .select({ allowed: namespaceSettings.allowedNamespaces })
    .from(namespaceSettings)
    .where(eq(namespaceSettings.namespace, to));
  return (row?.allowed ?? []).some((entry) => entry === "*" || entry === from || from.startsWith(`${entry}.`));
}
