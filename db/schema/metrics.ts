import { bigserial, doublePrecision, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { executions } from "./executions";

/**
 * Metrics emitted by task runs (Kestra's MetricEntry): a counter or a timer (milliseconds)
 * with its tags. Written with the execution's progress, read by the metrics API.
 */
export const metrics = pgTable(
  "metrics",
  {
    tenantId: text("tenant_id").notNull(),
    executionId: text("execution_id").notNull(),
    seq: bigserial("seq", { mode: "number" }).notNull(),
    namespace: text("namespace").notNull(),
    flowId: text("flow_id").notNull(),
    taskId: text("task_id"),
    taskRunId: text("task_run_id"),
    type: text("type").notNull(),
    name: text("name").notNull(),
    value: doublePrecision("value").notNull(),
    tags: jsonb("tags").$type<Record<string, string>>().notNull(),
    timestamp: timestamp("timestamp", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.executionId, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.executionId], foreignColumns: [executions.tenantId, executions.id] }).onDelete("cascade"),
    // Names, tasks and aggregates of one flow over time.
    index("metrics_tenant_flow_idx").on(t.tenantId, t.namespace, t.flowId, t.name, t.timestamp),
  ],
);
