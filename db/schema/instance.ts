import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * Per-tenant settings a superadmin controls (network reach of http and script tasks,
 * quotas, ...). Each feature owns its key; an absent key means the instance default.
 */
export type TenantSettings = {
  /** CIDR ranges this tenant's tasks may reach although private/loopback ranges are denied by default. */
  allowedNetworks?: string[];
  /** Whether this tenant's script tasks may reach the network at all (default true, never the instance's loopback). */
  scriptNetwork?: boolean;
  /**
   * Variables only this tenant's flows see, as `{{ envs.name }}`; they override the
   * instance-wide `ENV_*` variables (which every tenant sees) of the same name.
   */
  envs?: Record<string, string>;
  /** Limits on the tenant's share of the instance (engine/quotas); an absent limit is the instance default. */
  quotas?: TenantQuotas;
};

/** Per-tenant quotas a superadmin sets; `null` or absent means the instance default (unlimited unless QUOTA_DEFAULT_* says otherwise). */
export type TenantQuotas = {
  /** Executions RUNNING (or paused, killing...) at once; the excess waits in QUEUED. */
  maxRunningExecutions?: number | null;
  /** API requests per second (a token bucket per process, bursts of twice the rate). */
  requestsPerSecond?: number | null;
  /** Bytes of internal storage (execution files, file inputs, namespace files). */
  storageBytes?: number | null;
  /** Days an ended execution is kept, with its logs, metrics and files; older ones are purged. */
  retentionDays?: number | null;
};

/**
 * Instance-level tables: they belong to no tenant, so they carry no `tenant_id` and no
 * row-level security. Only the request layer (superadmin checks) guards them.
 */
export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  color: text("color").notNull().default("#6366f1"),
  settings: jsonb("settings").$type<TenantSettings>().notNull().default({}),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
});

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    firstName: text("first_name"),
    lastName: text("last_name"),
    passwordHash: text("password_hash"),
    superAdmin: boolean("super_admin").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description"),
    prefix: text("prefix").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_key").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/** Failed sign-ins, counted per account and per address over a sliding window. */
export const loginFailures = pgTable(
  "login_failures",
  {
    key: text("key").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("login_failures_key_at_idx").on(t.key, t.at)],
);

/** What superadmins did at instance level (tenants, users). Tenant actions go to audit_logs. */
export const instanceAuditLogs = pgTable(
  "instance_audit_logs",
  {
    id: text("id").primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    detail: text("detail"),
  },
  (t) => [index("instance_audit_logs_at_idx").on(t.at)],
);

/** Instance settings such as the generated secret; one row per key. */
export const instanceSettings = pgTable("instance_settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  version: integer("version").notNull().default(1),
});

