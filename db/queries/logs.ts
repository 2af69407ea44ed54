import { asc, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { logs } from "../schema";
import { executionLogsWhere, type ExecutionLogFilter } from "./executions";
import { rowsOf } from "./raw";

/**
 * How a page of log lines is rendered, by PostgreSQL itself: building the text in the
 * database and handing over one value is several times faster than returning 100,000
 * rows (PGlite decodes every row in JavaScript) and serialising them again.
 *
 * - `entry`: the API's LogEntry as JSON, one object per line, timestamps as
 *   `toISOString()` writes them.
 * - `compact`: `[seq, epochMillis, level, taskId, taskRunId, message]`, what the logs tab
 *   loads (a third of the bytes, and arrays parse faster than objects).
 * - `text`: the download's `timestamp LEVEL taskId message` lines.
 * - `event`: server-sent events `id: seq`, `event: log`, `data: LogEntry` (the follow stream).
 */
export type LogRender = "entry" | "compact" | "text" | "event";

const ISO = sql`to_char(l.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const ENTRY = sql`json_build_object('namespace', l.namespace, 'flowId', l.flow_id, 'taskId', l.task_id, 'executionId', l.execution_id, 'taskRunId', l.task_run_id, 'attemptNumber', l.attempt_number, 'triggerId', l.trigger_id, 'timestamp', ${ISO}, 'level', l.level, 'message', l.message)::text`;

const RENDER: Record<LogRender, { line: SQL; separator: string }> = {
  entry: { line: ENTRY, separator: "," },
  compact: {
    line: sql`json_build_array(l.seq, (extract(epoch from l.timestamp) * 1000)::bigint, l.level, l.task_id, l.task_run_id, l.message)::text`,
    separator: ",",
  },
  text: { line: sql`${ISO} || ' ' || rpad(l.level, 5) || ' ' || coalesce(l.task_id, '-') || ' ' || l.message`, separator: "\n" },
  // JSON text never holds a raw newline, so `data:` stays one line.
  event: { line: sql`'id: ' || l.seq || E'\\nevent: log\\ndata: ' || ${ENTRY}`, separator: "\n\n" },
};

export type LogPageQuery = ExecutionLogFilter & { limit: number };

export type RenderedLogPage = {
  /** The lines rendered and joined (`,` for JSON, a newline for text); no brackets. */
  text: string;
  count: number;
  /** The `seq` of the last line, the cursor of the next page; null when the page is empty. */
  lastSeq: number | null;
};

/** One page of an execution's log lines in `seq` order, rendered as `render`. */
export async function renderExecutionLogs(tx: Tx, q: LogPageQuery & { render: LogRender }): Promise<RenderedLogPage> {
  const where = executionLogsWhere(q);
  const { line, separator } = RENDER[q.render];
  const [row] = await rowsOf<{ count: number; last_seq: number | null; text: string }>(
    tx,
    sql`select count(*)::int as count, max(l.seq)::float8 as last_seq, coalesce(string_agg(${line}, ${separator} order by l.seq), '') as text
        from (select * from ${logs} where ${where} order by ${asc(logs.seq)} limit ${q.limit}) l`,
  );
  return { text: row?.text ?? "", count: Number(row?.count ?? 0), lastSeq: row?.last_seq === null || row?.last_seq === undefined ? null : Number(row.last_seq) };
}
