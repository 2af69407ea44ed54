import { jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./instance";

/**
 * Settings of a namespace (Kestra EE's Namespace): for now which other namespaces' flows
 * may reach into it (KV, subflows, flow triggers, and later secrets and files). A
 * namespace without a row is reached only by its own flows and its parents' (the rule:
 * engine/namespaces/reach.ts).
 */
export const namespaceSettings = pgTable(
  "namespace_settings",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    namespace: text("namespace").notNull(),
    /** Namespaces whose flows may reach this one; `*` for every namespace of the tenant. */
    allowedNamespaces: jsonb("allowed_namespaces").$type<string[]>().notNull().default([]),
    description: text("description"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.namespace] })],
);
