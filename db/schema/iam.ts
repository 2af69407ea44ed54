import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { tenants, users } from "./instance";

/**
 * Groups, service accounts and invitations (issue 12, items 3-4; issue 10, finding 6).
 * Tenant-scoped like the rest: `tenant_id` leads every key, row-level security in
 * migration 0017.
 */
export const groups = pgTable(
  "groups",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("groups_name_key").on(t.tenantId, sql`lower(${t.name})`)],
);

export const groupMembers = pgTable(
  "group_members",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    groupId: text("group_id").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.groupId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.groupId], foreignColumns: [groups.tenantId, groups.id] }).onDelete("cascade"),
    index("group_members_user_idx").on(t.tenantId, t.userId),
  ],
);

/** A non-human principal of one tenant: bound to roles like a user, acting through its API tokens. */
export const serviceAccounts = pgTable(
  "service_accounts",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), uniqueIndex("service_accounts_name_key").on(t.tenantId, sql`lower(${t.name})`)],
);

/**
 * A service account's API tokens. Same shape and hashing as api_tokens, but tenant rows:
 * a token is only ever found inside its own tenant (row-level security), and tenant work
 * (switchyard_app) cannot read the hashes.
 */
export const serviceAccountTokens = pgTable(
  "service_account_tokens",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    serviceAccountId: text("service_account_id").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.serviceAccountId], foreignColumns: [serviceAccounts.tenantId, serviceAccounts.id] }).onDelete("cascade"),
    uniqueIndex("service_account_tokens_hash_key").on(t.tenantId, t.tokenHash),
    index("service_account_tokens_sa_idx").on(t.tenantId, t.serviceAccountId),
  ],
);

/** What accepting gives besides access: a role (in a namespace or the whole tenant), or a group to join. */
export type InvitationBinding = { roleId: string; namespaceId: string | null } | { groupId: string };

/** An e-mail invited into a tenant; the person accepts (or declines) after signing in. */
export const invitations = pgTable(
  "invitations",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    id: text("id").notNull(),
    email: text("email").notNull(),
    bindings: jsonb("bindings").$type<InvitationBinding[]>().notNull().default(sql`'[]'::jsonb`),
    status: text("status", { enum: ["PENDING", "ACCEPTED", "DECLINED"] }).notNull().default("PENDING"),
    invitedBy: text("invited_by"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("invitations_email_idx").on(t.tenantId, sql`lower(${t.email})`)],
);
