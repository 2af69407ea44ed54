import { z } from "zod";
import { withTenant, type TenantContext } from "@/db/tenant";
import { logEntryOf, renderExecutionLogs, type LogPageQuery, type LogRender } from "@/db/queries/logs";

export const logQuery = z.object({
  minLevel: z.enum(["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]).optional(),
  taskRunId: z.string().max(64).optional(),
  taskId: z.string().max(100).optional(),
});

/** A log line's `seq`: the cursor of `afterSeq` and of the follow stream's event ids. */
const seq = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * `GET /logs/{executionId}`: Kestra's filters, plus optional paging that Kestra clients
 * never send. `afterSeq` starts after a line (exclusive), `limit` caps the page and
 * `format=compact` answers `[seq, epochMillis, level, taskId, taskRunId, message]` tuples
 * instead of LogEntry objects. A paged answer names its last line in `X-Log-Cursor`.
 */
export const logPageQuery = logQuery.extend({
  afterSeq: seq.optional(),
  limit: z.coerce.number().int().min(1).max(50_000).optional(),
  format: z.enum(["entry", "compact"]).optional(),
});

/** `GET /logs/{executionId}/follow`: resumes after `afterSeq`, or after the `Last-Event-ID` the browser sends on reconnect. */
export const logFollowQuery = logQuery.extend({ afterSeq: seq.optional() });

/** Lines per database round trip when a response holds every line. */
export const LOG_PAGE = 20_000;

/**
 * Every line of the query as one streamed body (`prefix`, pages joined by `separator`,
 * `suffix`), a page per short transaction: nothing holds the database while the client
 * reads, and no line limit applies.
 */
export function streamLogs(ctx: TenantContext, q: Omit<LogPageQuery, "limit">, render: LogRender, frame: { prefix?: string; separator: string; suffix?: string }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterSeq = q.afterSeq;
  let first = true;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      const page = await withTenant(ctx, (tx) => renderExecutionLogs(tx, { ...q, afterSeq, limit: LOG_PAGE, render }));
      let chunk = first ? (frame.prefix ?? "") : "";
      if (page.count > 0) chunk += (first ? "" : frame.separator) + page.text;
      first = false;
      afterSeq = page.lastSeq ?? afterSeq;
      if (page.count < LOG_PAGE) {
        done = true;
        chunk += frame.suffix ?? "";
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      if (done) controller.close();
    },
  });
}

/** LogEntry of the API: the engine's own shape of a stored line. */
export const publicLog = logEntryOf;
