import { bigint, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
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

/**
 * Heartbeats of the processes that share rate limits (lib/api/rate-limit.ts): a process is
 * live while its row is a few seconds old. UNLOGGED in the migration. Instance-level.
 */
export const rateProcesses = pgTable("rate_processes", {
  processId: text("process_id").primaryKey(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
});

/**
 * The requests each process saw in its last second, per tenant and limit family ("api",
 * "webhook"): every process takes its part of the tenant's rate in proportion. UNLOGGED.
 */
export const rateUsage = pgTable(
  "rate_usage",
  {
    tenantId: text("tenant_id").notNull(),
    family: text("family").notNull(),
    processId: text("process_id").notNull(),
    demand: integer("demand").notNull(),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.family, t.processId] })],
);
