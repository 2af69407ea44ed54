import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import type { Flow } from "@/engine/flow/schema";
import { tenants } from "./instance";

/**
 * The current state of each flow. The source is kept verbatim (comments, formatting);
 * `definition` is the validated model, so reads need no re-parse. A deleted flow keeps
 * its row (and revisions) with `deleted = true`.
 */
export const flows = pgTable(
  "flows",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    id: text("id").notNull(),
    revision: integer("revision").notNull(),
    source: text("source").notNull(),
    definition: jsonb("definition").$type<Flow>().notNull(),
    description: text("description"),
    labels: jsonb("labels").$type<{ key: string; value: string }[]>().notNull(),
    disabled: boolean("disabled").notNull().default(false),
    deleted: boolean("deleted").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    /** Whether the definition declares triggers: every ended execution looks for Flow triggers. */
    hasTriggers: boolean("has_triggers")
      .notNull()
      .generatedAlwaysAs(sql`jsonb_array_length(coalesce(definition -> 'triggers', '[]'::jsonb)) > 0`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.namespace, t.id] }),
    index("flows_tenant_live_idx").on(t.tenantId, t.deleted, t.namespace, t.id),
    index("flows_tenant_triggers_idx").on(t.tenantId).where(sql`has_triggers and not deleted`),
  ],
);

/** Every revision ever saved, including the one that marked the flow deleted. */
export const flowRevisions = pgTable(
  "flow_revisions",
  {
    tenantId: text("tenant_id").notNull(),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    revision: integer("revision").notNull(),
    source: text("source").notNull(),
    definition: jsonb("definition").$type<Flow>().notNull(),
    deleted: boolean("deleted").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    authorId: text("author_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.namespace, t.flowId, t.revision] }),
    foreignKey({ columns: [t.tenantId, t.namespace, t.flowId], foreignColumns: [flows.tenantId, flows.namespace, flows.id] }).onDelete("cascade"),
  ],
);
