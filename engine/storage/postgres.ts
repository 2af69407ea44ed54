import { withTenantJoined } from "@/db/tenant";
import { trackScopes } from "@/db/client";
import {
  deleteStorageObject,
  deleteStorageObjectsUnder,
  getStorageObject,
  listStorageObjects,
  putStorageObject,
  storageObjectSize,
  storageObjectsBytes,
} from "@/db/queries/storage";
import { safeKey, safeTenant, type Storage } from "./keys";

/**
 * Internal storage in the instance's PostgreSQL (STORAGE_URL=postgres): table
 * storage_objects, under the same row-level security as every tenant table, reached
 * through the tenant door. Every web and worker process on the database sees the same
 * files. A call made inside a transaction of the same tenant joins it, so a file and the
 * row that names it are written together.
 */
export class PgStorage implements Storage {
  constructor() {
    trackScopes();
  }

  private door<T>(tenantId: string, fn: Parameters<typeof withTenantJoined<T>>[1]): Promise<T> {
    return withTenantJoined({ tenantId: safeTenant(tenantId) }, fn);
  }

  async put(tenantId: string, key: string, content: Buffer | string) {
    const k = safeKey(key);
    const bytes = typeof content === "string" ? Buffer.from(content) : content;
    await this.door(tenantId, (tx) => putStorageObject(tx, tenantId, k, bytes));
  }

  async get(tenantId: string, key: string) {
    const k = safeKey(key);
    return this.door(tenantId, (tx) => getStorageObject(tx, tenantId, k));
  }

  async size(tenantId: string, key: string) {
    const k = safeKey(key);
    return this.door(tenantId, (tx) => storageObjectSize(tx, tenantId, k));
  }

  async delete(tenantId: string, key: string) {
    const k = safeKey(key);
    return this.door(tenantId, (tx) => deleteStorageObject(tx, tenantId, k));
  }

  async list(tenantId: string, prefix: string) {
    const p = safeKey(prefix);
    return (await this.door(tenantId, (tx) => listStorageObjects(tx, tenantId, p))).sort();
  }

  async deletePrefix(tenantId: string, prefix: string) {
    const p = safeKey(prefix);
    await this.door(tenantId, (tx) => deleteStorageObjectsUnder(tx, tenantId, p));
  }

  async usage(tenantId: string) {
    return this.door(tenantId, (tx) => storageObjectsBytes(tx, tenantId));
  }
}
