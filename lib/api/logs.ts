import { z } from "zod";
import type { logs } from "@/db/schema";

export const logQuery = z.object({
  minLevel: z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]).optional(),
  taskRunId: z.string().max(64).optional(),
  taskId: z.string().max(100).optional(),
});

/** LogEntry of the API. */
export function publicLog(l: typeof logs.$inferSelect) {
  return {
    namespace: l.namespace,
    flowId: l.flowId,
    taskId: l.taskId,
    executionId: l.executionId,
    taskRunId: l.taskRunId,
    attemptNumber: l.attemptNumber,
    triggerId: l.triggerId,
    timestamp: l.timestamp.toISOString(),
    level: l.level,
    message: l.message,
  };
}
