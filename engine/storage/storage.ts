import fs from "node:fs/promises";
import path from "node:path";
import { env } from "@/lib/env";
import { withStorageQuota, type CountedStorage } from "./quota";

/**
 * Internal storage behind an interface (local disk now, S3-compatible later). Every key
 * starts with the tenant; keys are normalised and confined, so no path can leave its
 * tenant's folder.
 */
export type Storage = {
  put(tenantId: string, key: string, content: Buffer | string): Promise<void>;
  get(tenantId: string, key: string): Promise<Buffer | null>;
  size(tenantId: string, key: string): Promise<number | null>;
  /** true when the file existed */
  delete(tenantId: string, key: string): Promise<boolean>;
  /** Keys of the files under `prefix`, sorted. */
  list(tenantId: string, prefix: string): Promise<string[]>;
  deletePrefix(tenantId: string, prefix: string): Promise<void>;
};

export class StorageError extends Error {}

const SEGMENT = /^[A-Za-z0-9._=+@-][A-Za-z0-9 ._=+@-]*$/;

/** Normalises a storage key (`a/b/c.txt`), refusing `..`, absolute paths and odd characters. */
export function safeKey(key: string): string {
  const parts = key.replace(/^\/+/, "").split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0) throw new StorageError("empty storage path");
  for (const part of parts) {
    if (part === ".." || !SEGMENT.test(part) || part.length > 255) throw new StorageError(`invalid storage path segment: ${JSON.stringify(part)}`);
  }
  return parts.join("/");
}

const TENANT = /^[a-z0-9][a-z0-9_-]*$/;

export class LocalStorage implements Storage {
  constructor(private readonly root: string) {}

  private file(tenantId: string, key: string): string {
    if (!TENANT.test(tenantId)) throw new StorageError("invalid tenant");
    const base = path.resolve(this.root, tenantId);
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

let storage: CountedStorage | undefined;

/** The process's storage: local disk under DATA_DIR/storage, each tenant's bytes counted against its quota. */
export function getStorage(): CountedStorage {
  storage ??= withStorageQuota(new LocalStorage(path.resolve(env().DATA_DIR, "storage")));
  return storage;
}
