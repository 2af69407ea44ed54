import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, boolean } from "drizzle-orm/pg-core";
import { tenants, users } from "./instance";

/**
 * Tenant-scoped tables. Every one leads its primary key and foreign keys with
 * `tenant_id`, and row-level security (migration 0001) confines it to the tenant set in
 * the transaction.
 */
export const tenantAccess = pgTable(
  "tenant_access",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("tenant_access_user_idx").on(t.userId)],
);

export type Permissions = Partial<Record<string, string[]>>;

export const roles = pgTable(
  "roles",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    permissions: jsonb("permissions").$type<Permissions>().notNull().default(sql`'{}'::jsonb`),
    managed: boolean("managed").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const bindings = pgTable(
  "bindings",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    type: text("type", { enum: ["USER", "GROUP", "SERVICE_ACCOUNT"] }).notNull(),
    externalId: text("external_id").notNull(),
    roleId: text("role_id").notNull(),
    namespaceId: text("namespace_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.roleId], foreignColumns: [roles.tenantId, roles.id] }).onDelete("cascade"),
    index("bindings_external_idx").on(t.tenantId, t.type, t.externalId),
  ],
);

export const auditLogs = pgTable(
  "audit_logs",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    resourceType: text("resource_type").notNull(),
    resourceId: text("resource_id"),
    detail: jsonb("detail"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("audit_logs_at_idx").on(t.tenantId, t.at)],
);
