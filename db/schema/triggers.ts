import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./instance";
import { flows } from "./flows";

/** A backfill in progress: Kestra's Backfill of a trigger context. */
export type TriggerBackfill = {
  start: string;
  end: string | null;
  currentDate: string;
  paused: boolean;
  inputs: Record<string, unknown> | null;
  labels: { key: string; value: string }[] | null;
  previousNextExecutionDate: string | null;
  /** Progress (ours, beyond Kestra's shape): dates fired so far, dates in [start, end]. */
  done: number;
  total: number;
};

/**
 * The state of each trigger of each live flow (Kestra's trigger context). A Schedule is
 * due when `next_execution_date` ≤ now; null means not scheduled (another kind, or the
 * trigger or its flow is disabled). A scheduler takes a due row with a lease
 * (`lock_owner`, `lock_until`) and, in the tenant's transaction that creates the
 * execution, writes the next date and drops the lease: a fire is never lost nor doubled.
 */
export const triggers = pgTable(
  "triggers",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    triggerId: text("trigger_id").notNull(),
    type: text("type").notNull(),
    flowRevision: integer("flow_revision").notNull(),
    /** What the next date was computed from (cron, zone, seconds): a change recomputes it. */
    scheduleKey: text("schedule_key"),
    nextExecutionDate: timestamp("next_execution_date", { withTimezone: true }),
    /** The date of the last fire. */
    date: timestamp("date", { withTimezone: true }),
    executionId: text("execution_id"),
    /** Disabled from the API or the page (the flow's source can also disable a trigger). */
    disabled: boolean("disabled").notNull().default(false),
    lockOwner: text("lock_owner"),
    lockUntil: timestamp("lock_until", { withTimezone: true }),
    backfill: jsonb("backfill").$type<TriggerBackfill>(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.namespace, t.flowId, t.triggerId] }),
    foreignKey({ columns: [t.tenantId, t.namespace, t.flowId], foreignColumns: [flows.tenantId, flows.namespace, flows.id] }).onDelete("cascade"),
    // The scheduler's skip scan over tenants with something due, then each tenant's earliest dates.
    index("triggers_tenant_due_idx").on(t.tenantId, t.nextExecutionDate).where(sql`next_execution_date is not null`),
  ],
);

/**
 * What a Flow trigger's multi-flow conditions (`preconditions`, a `MultipleCondition`) have
 * seen so far in the current time window: condition id → date it was met. Kept here, not in
 * a process, so a restart forgets nothing; evaluated under the row's lock, so two processes
 * finishing the last two upstream executions at once fire the trigger once.
 */
export const flowTriggerConditions = pgTable(
  "flow_trigger_conditions",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    triggerId: text("trigger_id").notNull(),
    /** The preconditions' or the MultipleCondition's id. */
    conditionId: text("condition_id").notNull(),
    met: jsonb("met").$type<Record<string, string>>().notNull().default({}),
    /** The fixed window the results belong to (null for a sliding window). */
    windowStart: timestamp("window_start", { withTimezone: true }),
    windowEnd: timestamp("window_end", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.namespace, t.flowId, t.triggerId, t.conditionId] }),
    foreignKey({ columns: [t.tenantId, t.namespace, t.flowId], foreignColumns: [flows.tenantId, flows.namespace, flows.id] }).onDelete("cascade"),
  ],
);
