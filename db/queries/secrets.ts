import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { secretKeys, secrets } from "../schema";

/** A secret without its value: what lists and the API show. */
export type SecretMeta = { namespace: string; key: string; description: string | null; tags: { key: string; value: string }[]; createdAt: Date; updatedAt: Date };

const meta = {
  namespace: secrets.namespace,
  key: secrets.key,
  description: secrets.description,
  tags: secrets.tags,
  createdAt: secrets.createdAt,
  updatedAt: secrets.updatedAt,
};

export async function getDataKeyRow(tx: Tx) {
  const [row] = await tx.select().from(secretKeys);
  return row ?? null;
}

/** Inserts the tenant's data key unless one exists; returns the row that holds. */
export async function insertDataKey(tx: Tx, input: { tenantId: string; wrappedKey: Buffer; masterKeyId: string }) {
  await tx.insert(secretKeys).values(input).onConflictDoNothing();
  return (await getDataKeyRow(tx))!;
}

export async function rewrapDataKey(tx: Tx, input: { wrappedKey: Buffer; masterKeyId: string }) {
  await tx.update(secretKeys).set({ ...input, rotatedAt: sql`now()` }).where(sql`true`);
}

export function listSecrets(tx: Tx, { namespace }: { namespace: string }): Promise<SecretMeta[]> {
  return tx.select(meta).from(secrets).where(eq(secrets.namespace, namespace)).orderBy(asc(secrets.key));
}

/** Keys of the given namespaces (a namespace's parents), without values. */
export function listSecretsIn(tx: Tx, { namespaces }: { namespaces: string[] }): Promise<SecretMeta[]> {
  if (namespaces.length === 0) return Promise.resolve([]);
  return tx.select(meta).from(secrets).where(inArray(secrets.namespace, namespaces)).orderBy(asc(secrets.namespace), asc(secrets.key));
}

export async function getSecretMeta(tx: Tx, { namespace, key }: { namespace: string; key: string }) {
  const [row] = await tx.select(meta).from(secrets).where(and(eq(secrets.namespace, namespace), eq(secrets.key, key)));
  return row ?? null;
}

/** The encrypted value; only the engine's resolver reads it. */
export async function getSecretCiphertext(tx: Tx, { namespace, key }: { namespace: string; key: string }) {
  const [row] = await tx.select({ value: secrets.value }).from(secrets).where(and(eq(secrets.namespace, namespace), eq(secrets.key, key)));
  return row?.value ?? null;
}

export async function upsertSecret(
  tx: Tx,
  input: { tenantId: string; namespace: string; key: string; value: Buffer; description: string | null; tags: { key: string; value: string }[] },
) {
  await tx
    .insert(secrets)
    .values(input)
    .onConflictDoUpdate({
      target: [secrets.tenantId, secrets.namespace, secrets.key],
      set: { value: input.value, description: input.description, tags: input.tags, updatedAt: sql`now()` },
    });
}

export async function updateSecret(
  tx: Tx,
  { namespace, key, ...set }: { namespace: string; key: string; value?: Buffer; description?: string | null; tags?: { key: string; value: string }[] },
) {
  const [row] = await tx
    .update(secrets)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(secrets.namespace, namespace), eq(secrets.key, key)))
    .returning({ key: secrets.key });
  return Boolean(row);
}

export async function deleteSecret(tx: Tx, { namespace, key }: { namespace: string; key: string }) {
  const [row] = await tx.delete(secrets).where(and(eq(secrets.namespace, namespace), eq(secrets.key, key))).returning({ key: secrets.key });
  return Boolean(row);
}
