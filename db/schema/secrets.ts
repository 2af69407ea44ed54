import { bigint, customType, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./instance";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * A tenant's data key for secrets, wrapped (AES-256-GCM) by the instance's master key. Rotating
 * the master key rewrites these rows only; the secrets they protect stay as they are.
 */
export const secretKeys = pgTable(
  "secret_keys",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    /** iv (12 bytes) ‖ tag (16 bytes) ‖ wrapped key (32 bytes). */
    wrappedKey: bytea("wrapped_key").notNull(),
    /** Fingerprint of the master key that wrapped it (not the key), to say which key is needed. */
    masterKeyId: text("master_key_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    rotatedAt: timestamp("rotated_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

/** Secrets per namespace (Kestra's), values encrypted with the tenant's data key: never stored or returned in clear. */
export const secrets = pgTable(
  "secrets",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    key: text("key").notNull(),
    /** iv (12 bytes) ‖ tag (16 bytes) ‖ ciphertext. */
    value: bytea("value").notNull(),
    description: text("description"),
    tags: jsonb("tags").$type<{ key: string; value: string }[]>().notNull().default([]),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.namespace, t.key] })],
);

/**
 * Namespace files (Kestra's): the index of a namespace's files and folders, whose contents live
 * in internal storage under the tenant (`{namespace as path}/_files/{path}`). The index makes
 * listings, stats and searches one query under row-level security.
 */
export const namespaceFiles = pgTable(
  "namespace_files",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    /** `/queries/q.sql`: always absolute, normalised, no trailing slash (`/` is the root). */
    path: text("path").notNull(),
    type: text("type").$type<"File" | "Directory">().notNull(),
    size: bigint("size", { mode: "number" }).notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.namespace, t.path] })],
);
