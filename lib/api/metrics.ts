import { z } from "zod";

/** `GET /metrics/{executionId}`: Kestra's paging, and a task or task run to narrow to. */
export const metricPageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  size: z.coerce.number().int().min(1).max(1000).default(25),
  sort: z.enum(["timestamp:asc", "timestamp:desc", "name:asc", "name:desc", "timestamp", "name"]).optional(),
  taskId: z.string().max(200).optional(),
  taskRunId: z.string().max(200).optional(),
});

const date = z.iso.datetime({ offset: true, message: "must be an ISO-8601 date-time such as 2025-01-31T00:00:00Z" });

/** `GET /metrics/aggregates/...`: a date range (default the last 30 days) and the aggregation. */
export const metricAggregateQuery = z
  .object({
    startDate: date.optional(),
    endDate: date.optional(),
    aggregation: z.enum(["sum", "avg", "min", "max"]).default("sum"),
  })
  .refine((q) => !q.startDate || !q.endDate || Date.parse(q.startDate) <= Date.parse(q.endDate), {
    message: "must not be after endDate",
    path: ["startDate"],
  });
