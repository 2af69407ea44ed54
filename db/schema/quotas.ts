import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./instance";

/**
 * Bytes of internal storage a tenant holds, kept by the quota wrapper around the storage
 * backend (engine/storage/quota.ts) on every put and delete, whatever the backend. One row
 * per tenant, locked by the write that changes it, so two processes cannot both pass the quota.
 */
export const storageUsage = pgTable("storage_usage", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  bytes: bigint("bytes", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
