import { and, asc, count, desc, eq, gte, ilike, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { logs } from "../schema";
import { rowsOf } from "./raw";
import { inScope, namespaceIn } from "./scope";
import { escapeLike } from "./tenants";
import type { LogEntry } from "@/engine/executor/types";

/** A stored line as the engine and the API see it (Kestra's LogEntry). */
export function logEntryOf(l: typeof logs.$inferSelect): LogEntry {
  return {
    namespace: l.namespace,
    flowId: l.flowId,
    taskId: l.taskId,
    executionId: l.executionId,
    taskRunId: l.taskRunId,
    attemptNumber: l.attemptNumber,
    triggerId: l.triggerId,
    timestamp: l.timestamp.toISOString(),
    level: l.level as LogEntry["level"],
    message: l.message,
  };
}

export type LogLine = {
  taskId?: string | null;
  taskRunId?: string | null;
  attemptNumber?: number | null;
  triggerId?: string | null;
  timestamp: string | Date;
  level: string;
  message: string;
};

/** Lines per statement: each batch travels as one JSON parameter. */
export const LOG_BATCH = 5000;

/** The lines as one JSON array, in the shape `jsonb_to_recordset` reads below. */
export function logRecords(lines: LogLine[]): string {
  return JSON.stringify(
    lines.map((l) => ({
      task_id: l.taskId ?? null,
      task_run_id: l.taskRunId ?? null,
      attempt_number: l.attemptNumber ?? null,
      trigger_id: l.triggerId ?? null,
      timestamp: typeof l.timestamp === "string" ? l.timestamp : l.timestamp.toISOString(),
      level: l.level,
      message: l.message,
    })),
  );
}

export type LogTarget = { tenantId: string; executionId: string; namespace: string; flowId: string };

/** An INSERT ... SELECT of the lines (kept in order, so `seq` follows them), for one statement or a CTE. */
export function insertLogsSql(target: LogTarget, records: string, guard?: SQL) {
  return sql`insert into logs (tenant_id, execution_id, namespace, flow_id, task_id, task_run_id, attempt_number, trigger_id, timestamp, level, message)
    select ${target.tenantId}::text, ${target.executionId}::text, ${target.namespace}::text, ${target.flowId}::text, l.task_id, l.task_run_id, l.attempt_number, l.trigger_id, l.timestamp, l.level, l.message
    from rows from (jsonb_to_recordset(${records}::jsonb) as (task_id text, task_run_id text, attempt_number int, trigger_id text, timestamp timestamptz, level text, message text))
      with ordinality as l(task_id, task_run_id, attempt_number, trigger_id, timestamp, level, message, n)
    ${guard ? sql`where ${guard}` : sql``}
    order by l.n`;
}

/** Writes log lines, a batch of thousands per statement. */
export async function insertLogs(tx: Tx, input: LogTarget & { lines: LogLine[] }) {
  for (let start = 0; start < input.lines.length; start += LOG_BATCH) {
    await tx.execute(insertLogsSql(input, logRecords(input.lines.slice(start, start + LOG_BATCH))));
  }
}

/** Whether a save's one statement can carry all of `lines` (else it adds statements). */
export function fitsOneStatement(lines: LogLine[]): boolean {
  return lines.length <= LOG_BATCH;
}

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/** Levels at or above `minLevel`. */
function levelsFrom(minLevel?: string): string[] {
  const at = minLevel ? LEVELS.indexOf(minLevel) : 0;
  return LEVELS.slice(Math.max(0, at));
}

export type ExecutionLogFilter = { executionId: string; minLevel?: string; taskRunId?: string; taskId?: string; afterSeq?: number };

/** An execution's log lines at or above a level, of a task run or task, after a line (`seq`, exclusive). */
export function executionLogsWhere(q: ExecutionLogFilter) {
  return and(
    eq(logs.executionId, q.executionId),
    inArray(logs.level, levelsFrom(q.minLevel)),
    q.taskRunId ? eq(logs.taskRunId, q.taskRunId) : undefined,
    q.taskId ? eq(logs.taskId, q.taskId) : undefined,
    q.afterSeq !== undefined ? sql`${logs.seq} > ${q.afterSeq}` : undefined,
  );
}

export function findExecutionLogs(tx: Tx, q: ExecutionLogFilter & { limit?: number }) {
  return tx
    .select()
    .from(logs)
    .where(executionLogsWhere(q))
    .orderBy(asc(logs.seq))
    .limit(q.limit ?? 100_000);
}

export async function searchLogs(
  tx: Tx,
  q: { q?: string; namespace?: string; flowId?: string; minLevel?: string; startDate?: Date; endDate?: Date; page: number; size: number; scope: string[] | null },
) {
  const where = and(
    // Every level: no condition, so the tenant's time index alone answers (an index-only count).
    q.minLevel && q.minLevel !== "TRACE" ? inArray(logs.level, levelsFrom(q.minLevel)) : undefined,
    inScope(logs.namespace, q.scope),
    q.namespace ? namespaceIn(logs.namespace, q.namespace) : undefined,
    q.flowId ? eq(logs.flowId, q.flowId) : undefined,
    q.startDate ? gte(logs.timestamp, q.startDate) : undefined,
    q.endDate ? lte(logs.timestamp, q.endDate) : undefined,
    q.q ? ilike(logs.message, `%${escapeLike(q.q)}%`) : undefined,
  );
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(logs).where(where).orderBy(desc(logs.timestamp), desc(logs.seq)).limit(q.size).offset((q.page - 1) * q.size),
    tx.select({ total: count() }).from(logs).where(where),
  ]);
  return { results, total };
}

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
