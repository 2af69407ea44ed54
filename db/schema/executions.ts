import { bigserial, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import type { Execution } from "@/engine/executor/types";
import { tenants } from "./instance";

/**
 * An execution is one document, like Kestra's: state, inputs, outputs, labels and the
 * task-run list together, so one commit moves it forward. `version` guards against two
 * writers (a lease that expired while its holder still ran).
 */
export const executions = pgTable(
  "executions",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    flowRevision: integer("flow_revision").notNull(),
    state: text("state").notNull(),
    startDate: timestamp("start_date", { withTimezone: true }).notNull(),
    endDate: timestamp("end_date", { withTimezone: true }),
    labels: jsonb("labels").$type<{ key: string; value: string }[]>().notNull(),
    parentId: text("parent_id"),
    originalId: text("original_id"),
    /** The whole Execution JSON of the API (state histories, task runs, inputs, outputs, ...). */
    document: jsonb("document").$type<Execution>().notNull(),
    version: integer("version").notNull().default(1),
    deleted: boolean("deleted").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("executions_tenant_start_idx").on(t.tenantId, t.startDate),
    index("executions_tenant_flow_idx").on(t.tenantId, t.namespace, t.flowId, t.startDate),
    index("executions_tenant_state_idx").on(t.tenantId, t.state),
    // The list sorted by duration (Kestra's `state.duration`) reads one tenant's rows in order.
    index("executions_tenant_duration_idx").on(t.tenantId, sql`(end_date - start_date)`, t.id),
    // Live executions in list order; the migration adds INCLUDE (namespace, flow_id, state), so
    // a list's count and the dashboard's counts read the index alone (no heap, 0026).
    index("executions_tenant_live_idx").on(t.tenantId, t.startDate, t.id).where(sql`not deleted`),
    // Serves the retention job: a tenant's executions ended before a date, oldest first.
    index("executions_tenant_end_idx").on(t.tenantId, t.endDate),
  ],
);

/** Log lines, written in batches. `seq` orders lines of one execution. */
export const logs = pgTable(
  "logs",
  {
    tenantId: text("tenant_id").notNull(),
    executionId: text("execution_id").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    taskId: text("task_id"),
    taskRunId: text("task_run_id"),
    attemptNumber: integer("attempt_number"),
    triggerId: text("trigger_id"),
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
    level: text("level").notNull(),
    message: text("message").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.executionId, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.executionId], foreignColumns: [executions.tenantId, executions.id] }).onDelete("cascade"),
    index("logs_tenant_time_idx").on(t.tenantId, t.timestamp),
  ],
);

/**
 * Leased work: an execution to advance at `runAt`. A worker takes items with
 * FOR UPDATE SKIP LOCKED and holds them until `leaseUntil`; a crashed worker's items are
 * taken again once the lease expires. Only ids live here, no tenant data.
 */
export const workItems = pgTable(
  "work_items",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    executionId: text("execution_id").notNull(),
    runAt: timestamp("run_at", { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    leaseOwner: text("lease_owner"),
    attempts: integer("attempts").notNull().default(0),
    /** Bumped by every enqueue; a worker deletes the item only if nobody asked again meanwhile. */
    requests: integer("requests").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.executionId] }),
    foreignKey({ columns: [t.tenantId, t.executionId], foreignColumns: [executions.tenantId, executions.id] }).onDelete("cascade"),
    // Serves the fair lease: a skip scan over tenants with due work, then each one's oldest items.
    index("work_items_tenant_due_idx").on(t.tenantId, t.runAt),
  ],
);

/** The tenant's key-value store, per namespace, with optional expiry. */
export const kvEntries = pgTable(
  "kv_entries",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    description: text("description"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.namespace, t.key] })],
);
