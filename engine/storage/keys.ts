/**
 * Internal storage behind an interface: local disk (the embedded default), PostgreSQL or
 * S3-compatible (shared by every process). Every key starts with the tenant; keys are
 * normalised and confined, so no path can leave its tenant's space.
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
  /** Bytes of all the tenant's files, as the backend holds them (the storage recount reads it). */
  usage(tenantId: string): Promise<number>;
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

/** The tenant id, refused unless it is a plain tenant id (it becomes a folder or a key prefix). */
export function safeTenant(tenantId: string): string {
  if (!TENANT.test(tenantId) || tenantId.length > 64) throw new StorageError("invalid tenant");
  return tenantId;
}
