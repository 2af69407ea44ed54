import { bigint, customType, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => Buffer.from(value),
});

/**
 * Internal storage in PostgreSQL (STORAGE_URL=postgres): one row per file, so every process
 * on the same database sees the same files. The key is compared bytewise (COLLATE "C" in
 * the migration) so a prefix is a range of the primary key.
 */
export const storageObjects = pgTable(
  "storage_objects",
  {
    tenantId: text("tenant_id").notNull(),
    key: text("key").notNull(),
    content: bytea("content").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);
