import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { withStorageQuota, type CountedStorage } from "./quota";

import { safeKey, safeTenant, StorageError, type Storage } from "./keys";
import { PgStorage } from "./postgres";
import { S3Storage } from "./s3";

export { safeKey, safeTenant, StorageError, type Storage } from "./keys";

export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private file(tenantId: string, key: string): string {
    const base = path.resolve(this.root, safeTenant(tenantId));
    const full = path.resolve(base, safeKey(key));
    if (!full.startsWith(base + path.sep)) throw new StorageError("path escapes the tenant's storage");
    return full;
  }

  async put(tenantId: string, key: string, content: Buffer | string) {
    const file = this.file(tenantId, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, file);
  }

  async get(tenantId: string, key: string) {
    try {
      return await fs.readFile(this.file(tenantId, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async size(tenantId: string, key: string) {
    try {
      return (await fs.stat(this.file(tenantId, key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(tenantId: string, key: string) {
    try {
      await fs.unlink(this.file(tenantId, key));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
  }

  async list(tenantId: string, prefix: string) {
    const base = safeKey(prefix);
    const root = this.file(tenantId, base);
    let entries: string[];
    try {
      entries = await fs.readdir(root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return [];
      throw error;
    }
    const keys: string[] = [];
    for (const entry of entries) {
      // Files being written (put writes a temporary name, then renames) are not listed.
      if (entry.endsWith(".tmp") && /\.\d+\.\d+\.tmp$/.test(entry)) continue;
      const stat = await fs.stat(path.join(root, entry));
      if (stat.isFile()) keys.push(`${base}/${entry.split(path.sep).join("/")}`);
    }
    return keys.sort();
  }

  async deletePrefix(tenantId: string, prefix: string) {
    await fs.rm(this.file(tenantId, prefix), { recursive: true, force: true });
  }

  async usage(tenantId: string) {
    const root = path.resolve(this.root, safeTenant(tenantId));
    let entries: string[];
    try {
      entries = await fs.readdir(root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    let bytes = 0;
    for (const entry of entries) {
      if (/\.\d+\.\d+\.tmp$/.test(entry)) continue; // a put under way
      const stat = await fs.stat(path.join(root, entry)).catch(() => null);
      if (stat?.isFile()) bytes += stat.size;
    }
    return bytes;
  }
}

/** `kestra:///ns/path/flow/executions/{id}/...` ↔ storage key. */
export function uriToKey(uri: string): string {
  if (!uri.startsWith("kestra:///")) throw new StorageError("not an internal-storage URI (kestra:///...)");
  return safeKey(decodeURIComponent(uri.slice("kestra:///".length)));
}

export function keyToUri(key: string): string {
  return `kestra:///${safeKey(key)}`;
}

/** The folder of an execution's files: `{namespace as path}/{flow}/executions/{id}`. */
export function executionPrefix(e: { namespace: string; flowId: string; id: string }): string {
  return safeKey(`${e.namespace.replace(/\./g, "/")}/${e.flowId}/executions/${e.id}`);
}

const globalForStorage = globalThis as unknown as { __switchyardStorage?: CountedStorage };

/**
 * The process's storage, as STORAGE_URL says: local disk under DATA_DIR/storage (default),
 * the instance's PostgreSQL, or an S3-compatible bucket; each tenant's bytes counted against
 * its quota whatever the backend. One per process, shared by every bundle Next.js makes.
 */
export function getStorage(): CountedStorage {
  if (!globalForStorage.__switchyardStorage) {
    const config = env();
    const where = config.STORAGE_URL;
    const backend = where.kind === "postgres" ? new PgStorage() : where.kind === "s3" ? new S3Storage(where) : new LocalStorage(path.resolve(config.DATA_DIR, "storage"));
    globalForStorage.__switchyardStorage = withStorageQuota(backend);
  }
  return globalForStorage.__switchyardStorage;
}
