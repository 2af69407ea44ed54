import { withTenant } from "@/db/tenant";
import { changeStorageUsage, getQuotaLimit, getStorageUsage } from "@/db/queries/quotas";
import { QuotaExceeded } from "@/engine/quotas/errors";
import { env } from "@/lib/env";
import type { Tx } from "@/db/client";
import type { Storage } from "./storage";

/**
 * Storage whose writes are counted. `putInTransaction` is `put` for a caller already inside
 * a tenant transaction (a namespace file and its row): the reservation joins that
 * transaction instead of opening a second one, which the one-connection PGlite could not.
 */
export type CountedStorage = Storage & {
  /** The backend the bytes are counted around (local disk, PostgreSQL or S3). */
  backend: Storage;
  putInTransaction(tx: Tx, tenantId: string, key: string, content: Buffer | string): Promise<void>;
  /**
   * deletePrefix of each prefix for a caller inside the tenant's transaction: the files go
   * now, their bytes come off the counter in `tx` once, after the last prefix (the counter's
   * row stays unlocked while files are deleted; with the PostgreSQL backend the files' rows
   * go in `tx` too). Returns the bytes freed.
   */
  deletePrefixesInTransaction(tx: Tx, tenantId: string, prefixes: readonly string[]): Promise<number>;
};

/**
 * Internal storage with each tenant's bytes counted (table `storage_usage`) and its
 * `storageBytes` quota enforced, around any backend (local disk, S3, PostgreSQL): the
 * accounting sits above the `Storage` interface, so every backend gets it.
 *
 * A put reserves its growth first, in one statement that adds it to the tenant's counter
 * only if the result fits the quota (the row lock makes two processes' writes queue up),
 * then writes, and gives the reservation back if the write fails. A write that would pass
 * the quota is refused with QuotaExceeded (a 413 on the API, a failed task in the engine).
 * Deletes give their bytes back. Files written before the counter existed are not counted.
 */
export function withStorageQuota(backend: Storage): CountedStorage {
  /** Adds the write's growth to the tenant's counter in `tx`, or refuses it over the quota; the growth. */
  async function reserve(tx: Tx, tenantId: string, key: string, content: Buffer | string): Promise<number> {
    const bytes = typeof content === "string" ? Buffer.byteLength(content) : content.length;
    const delta = bytes - ((await backend.size(tenantId, key)) ?? 0);
    const defaultLimit = env().QUOTA_DEFAULT_STORAGE_BYTES ?? null;
    if ((await changeStorageUsage(tx, { tenantId, delta, enforce: true, defaultLimit })) === null) {
      const current = await getStorageUsage(tx, { tenantId });
      const limit = await getQuotaLimit(tx, { tenantId, quota: "storageBytes", defaultLimit });
      throw new QuotaExceeded(
        "storageBytes",
        `Internal storage quota exceeded: writing ${key.split("/").pop()} (${bytes} bytes) would bring tenant ${tenantId}'s storage to ${current + delta} bytes, over its quota of ${limit} bytes`,
      );
    }
    return delta;
  }
  /** Deletes the files under `prefix`; returns their bytes. */
  async function deleteUnder(tenantId: string, prefix: string): Promise<number> {
    let bytes = 0;
    for (const key of await backend.list(tenantId, prefix)) bytes += (await backend.size(tenantId, key)) ?? 0;
    await backend.deletePrefix(tenantId, prefix);
    return bytes;
  }

  async function release(tx: Tx, tenantId: string, delta: number) {
    if (delta !== 0) await changeStorageUsage(tx, { tenantId, delta: -delta, enforce: false });
  }
  return {
    backend,
    async put(tenantId, key, content) {
      // The reservation commits before the write, so the row is not locked while bytes travel.
      const delta = await withTenant({ tenantId }, (tx) => reserve(tx, tenantId, key, content));
      try {
        await backend.put(tenantId, key, content);
      } catch (error) {
        await withTenant({ tenantId }, (tx) => release(tx, tenantId, delta));
        throw error;
      }
    },
    async putInTransaction(tx, tenantId, key, content) {
      const delta = await reserve(tx, tenantId, key, content);
      try {
        await backend.put(tenantId, key, content);
      } catch (error) {
        await release(tx, tenantId, delta);
        throw error;
      }
    },
    async deletePrefixesInTransaction(tx, tenantId, prefixes) {
      let bytes = 0;
      for (const prefix of prefixes) bytes += await deleteUnder(tenantId, prefix);
      if (bytes > 0) await changeStorageUsage(tx, { tenantId, delta: -bytes, enforce: false });
      return bytes;
    },
    usage: (tenantId) => backend.usage(tenantId),
    get: (tenantId, key) => backend.get(tenantId, key),
    size: (tenantId, key) => backend.size(tenantId, key),
    list: (tenantId, prefix) => backend.list(tenantId, prefix),
    async delete(tenantId, key) {
      const bytes = (await backend.size(tenantId, key)) ?? 0;
      const existed = await backend.delete(tenantId, key);
      if (existed && bytes > 0) await giveBack(tenantId, bytes);
      return existed;
    },
    async deletePrefix(tenantId, prefix) {
      const bytes = await deleteUnder(tenantId, prefix);
      if (bytes > 0) await giveBack(tenantId, bytes);
    },
  };
}

/** Gives bytes back to the tenant's counter (deletes never wait on a quota). */
async function giveBack(tenantId: string, bytes: number): Promise<void> {
  await withTenant({ tenantId }, (tx) => changeStorageUsage(tx, { tenantId, delta: -bytes, enforce: false }));
}

/** Bytes of internal storage the tenant holds, as counted. */
export function readStorageUsage(tenantId: string): Promise<number> {
  return withTenant({ tenantId }, (tx) => getStorageUsage(tx, { tenantId }));
}
