import type { Tx } from "@/db/client";
import { withInstance, withTenant } from "@/db/tenant";
import { getDataKeyRow, getSecretCiphertext, insertDataKey, rewrapDataKey } from "@/db/queries/secrets";
import { tenants } from "@/db/schema";
import { decryptValue, encryptValue, masterKey, newDataKey, SecretCryptoError, unwrapDataKey, wrapDataKey, type MasterKey } from "./crypto";

/** Unwrapped data keys, per tenant and master key, so a flow's secrets cost one unwrap. */
const cache = new Map<string, Buffer>();

async function dataKey(tx: Tx, tenantId: string, create: boolean): Promise<Buffer | null> {
  const master = masterKey();
  let row = await getDataKeyRow(tx);
  if (!row) {
    if (!create) return null;
    row = await insertDataKey(tx, { tenantId, wrappedKey: wrapDataKey(master, tenantId, newDataKey()), masterKeyId: master.id });
  }
  if (row.masterKeyId !== master.id) {
    throw new SecretCryptoError(`the secrets of tenant ${tenantId} are wrapped by master key ${row.masterKeyId}, not by the configured one (${master.id})`);
  }
  const id = `${tenantId}/${master.id}/${row.wrappedKey.toString("base64")}`;
  let key = cache.get(id);
  if (!key) {
    key = unwrapDataKey(master, tenantId, row.wrappedKey);
    cache.set(id, key);
  }
  return key;
}

/** A value encrypted for (tenant, namespace, key), creating the tenant's data key on first use. */
export async function sealSecret(tx: Tx, where: { tenantId: string; namespace: string; key: string }, value: string): Promise<Buffer> {
  return encryptValue((await dataKey(tx, where.tenantId, true))!, where, value);
}

/** The plaintext of a secret, or null when there is none. For the engine only: never returned by the API. */
export async function openSecret(tx: Tx, where: { tenantId: string; namespace: string; key: string }): Promise<string | null> {
  const sealed = await getSecretCiphertext(tx, where);
  if (!sealed) return null;
  const key = await dataKey(tx, where.tenantId, false);
  if (!key) throw new SecretCryptoError(`tenant ${where.tenantId} has no data key`);
  return decryptValue(key, where, sealed);
}

/** `a.b.c` → `a.b.c`, `a.b`, `a`: where `secret('K')` looks, nearest first. */
export function namespaceChain(namespace: string): string[] {
  const parts = namespace.split(".");
  return parts.map((_, i) => parts.slice(0, parts.length - i).join("."));
}

/** A secret seen from `namespace`: its own, else its nearest parent's. Null when none has it. */
export async function resolveSecret(tenantId: string, namespace: string, key: string): Promise<string | null> {
  return withTenant({ tenantId }, async (tx) => {
    for (const ns of namespaceChain(namespace)) {
      const value = await openSecret(tx, { tenantId, namespace: ns, key });
      if (value !== null) return value;
    }
    return null;
  });
}

/**
 * Re-wraps every tenant's data key from `from` to `to` (each tenant in its own transaction;
 * values untouched). A tenant already on `to` is skipped, so a rotation stopped half-way can be
 * run again. Then configure `to` (SECRETS_KEY, or write it to DATA_DIR/secrets-key).
 */
export async function rotateMasterKey(from: MasterKey, to: MasterKey, options: { tenantIds?: string[] } = {}): Promise<{ rewrapped: number; skipped: number }> {
  const ids = options.tenantIds?.map((id) => ({ id })) ?? (await withInstance((tx) => tx.select({ id: tenants.id }).from(tenants)));
  let rewrapped = 0;
  let skipped = 0;
  for (const { id } of ids) {
    await withTenant({ tenantId: id }, async (tx) => {
      const row = await getDataKeyRow(tx);
      if (!row || row.masterKeyId === to.id) return void skipped++;
      if (row.masterKeyId !== from.id) throw new SecretCryptoError(`tenant ${id}'s data key is wrapped by master key ${row.masterKeyId}, not ${from.id}`);
      const plain = unwrapDataKey(from, id, row.wrappedKey);
      await rewrapDataKey(tx, { wrappedKey: wrapDataKey(to, id, plain), masterKeyId: to.id });
      rewrapped++;
    });
  }
  cache.clear();
  return { rewrapped, skipped };
}
