import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Execution } from "@/engine/executor/types";
import type { Flow } from "@/engine/flow/schema";
import { rowsOf } from "./raw";
import type { Tx } from "../client";
import { executions, logs } from "../schema";
import { escapeLike } from "./tenants";
import { inScope, namespaceIn } from "./scope";

export type ExecutionRow = typeof executions.$inferSelect;

/** An execution document as the engine writes it (engine/executor/types.ts); the indexed columns are copied from it. */
export type ExecutionDocument = Execution;

function columns(doc: ExecutionDocument) {
  return {
    namespace: doc.namespace,
    flowId: doc.flowId,
    flowRevision: doc.flowRevision,
    state: doc.state.current,
    startDate: new Date(doc.state.startDate),
    endDate: doc.state.endDate ? new Date(doc.state.endDate) : null,
    labels: doc.labels ?? [],
    parentId: doc.parentId ?? null,
    originalId: doc.originalId ?? null,
    document: doc,
  };
}

export async function insertExecution(tx: Tx, { tenantId, doc }: { tenantId: string; doc: ExecutionDocument }) {
  const [row] = await tx.insert(executions).values({ tenantId, id: doc.id, ...columns(doc) }).returning({ version: executions.version });
  return row;
}

/**
 * A new execution and its work item as one statement. With `lease`, the item is leased to
 * that worker (one of this process with room for it: it runs the execution at once, and if
 * the process dies the lease expires and any worker takes it); without, it is due now and a
 * NOTIFY wakes workers elsewhere. With `flowGuard`, nothing is written unless the flow is
 * still the version the execution was prepared from (its row's xmin). Read the answer
 * with insertedExecutionOf.
 */
export function insertExecutionStatement(input: {
  tenantId: string;
  doc: ExecutionDocument;
  lease: { owner: string; leaseMs: number } | null;
  flowGuard?: { namespace: string; id: string; xmin: string };
  /** When the work item is due (a scheduleDate); now by default. */
  runAt?: Date;
}): SQL {
  const { tenantId, doc, lease, flowGuard, runAt } = input;
  const c = columns(doc);
  return sql`with created as (
      insert into executions (tenant_id, id, namespace, flow_id, flow_revision, state, start_date, end_date, labels, parent_id, original_id, document)
      select ${tenantId}::text, ${doc.id}::text, ${c.namespace}::text, ${c.flowId}::text, ${c.flowRevision}::int, ${c.state}::text,
        ${c.startDate.toISOString()}::timestamptz, ${c.endDate?.toISOString() ?? null}::timestamptz, ${JSON.stringify(c.labels)}::jsonb,
        ${c.parentId}::text, ${c.originalId}::text, ${JSON.stringify(doc)}::jsonb
      ${
        flowGuard
          ? sql`where exists (select 1 from flows f where f.tenant_id = ${tenantId} and f.namespace = ${flowGuard.namespace} and f.id = ${flowGuard.id}
                and not f.deleted and f.xmin::text = ${flowGuard.xmin})`
          : sql``
      }
      returning tenant_id, id, version
    ), queued as (
      insert into work_items (tenant_id, execution_id, run_at, lease_owner, lease_until, attempts)
      select tenant_id, id, ${runAt ? sql`${runAt.toISOString()}::timestamptz` : sql`now()`}, ${lease?.owner ?? null}::text,
        ${lease ? sql`now() + (${lease.leaseMs} * interval '1 millisecond')` : sql`null::timestamptz`}, ${lease ? 1 : 0}
      from created
      returning run_at, lease_until, attempts, requests
    )
    select (select version from created) as version, q.run_at, q.lease_until, q.attempts, q.requests
      ${lease ? sql`` : sql`, pg_notify('switchyard_work', '')`}
    from queued q`;
}

/** The new execution's version and work item; null when the flow guard stopped it. */
export function insertedExecutionOf(rows: Record<string, unknown>[], tenantId: string, executionId: string) {
  const row = rows[0];
  if (!row) return null;
  return {
    version: Number(row.version),
    item: {
      tenantId,
      executionId,
      runAt: new Date(row.run_at as string),
      leaseUntil: row.lease_until ? new Date(row.lease_until as string) : null,
      leaseOwner: null as string | null,
      attempts: Number(row.attempts),
      requests: Number(row.requests),
    },
  };
}

export async function getExecution(tx: Tx, { id, includeDeleted = false }: { id: string; includeDeleted?: boolean }) {
  const [row] = await tx
    .select()
    .from(executions)
    .where(and(eq(executions.id, id), includeDeleted ? undefined : eq(executions.deleted, false)));
  return row ?? null;
}

export function getExecutions(tx: Tx, { ids }: { ids: string[] }) {
  if (ids.length === 0) return Promise.resolve([] as ExecutionRow[]);
  return tx.select().from(executions).where(inArray(executions.id, ids));
}

/**
 * Writes a new version of the document if nobody wrote since `version` was read; returns
 * the new version, or null when another writer won (the caller drops its work).
 */
export async function saveExecution(tx: Tx, { doc, version }: { doc: ExecutionDocument; version: number }) {
  const [row] = await tx
    .update(executions)
    .set({ ...columns(doc), version: version + 1, updatedAt: sql`now()` })
    .where(and(eq(executions.id, doc.id), eq(executions.version, version)))
    .returning({ version: executions.version });
  return row?.version ?? null;
}

export async function deleteExecution(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.delete(executions).where(eq(executions.id, id)).returning({ id: executions.id });
  return row ?? null;
}

export const ACTIVE_STATES = ["RUNNING", "PAUSED", "KILLING", "RETRYING", "RESTARTED"];
export const TERMINAL_STATES = ["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED", "RETRIED"];

/** Executions of a flow in the given states (concurrency limits, queued follow-ups). */
export function findFlowExecutionsByState(tx: Tx, { namespace, flowId, states }: { namespace: string; flowId: string; states: string[] }) {
  return tx
    .select({ id: executions.id, state: executions.state, startDate: executions.startDate })
    .from(executions)
    .where(and(eq(executions.namespace, namespace), eq(executions.flowId, flowId), inArray(executions.state, states), eq(executions.deleted, false)))
    .orderBy(asc(executions.startDate), asc(executions.id));
}

/** Child executions of a parent (subflows). */
export function findChildExecutions(tx: Tx, { parentId }: { parentId: string }) {
  return tx.select().from(executions).where(eq(executions.parentId, parentId)).orderBy(asc(executions.startDate));
}

const SORTS = { startDate: executions.startDate, endDate: executions.endDate, state: executions.state, flowId: executions.flowId, namespace: executions.namespace, id: executions.id } as const;

export type ExecutionSearch = {
  q?: string;
  namespace?: string;
  flowId?: string;
  states?: string[];
  labels?: { key: string; value?: string }[];
  startDate?: Date;
  endDate?: Date;
  page: number;
  size: number;
  sort?: string;
  scope: string[] | null;
};

export async function findExecutions(tx: Tx, s: ExecutionSearch) {
  const like = s.q ? `%${escapeLike(s.q)}%` : undefined;
  const where = and(
    eq(executions.deleted, false),
    inScope(executions.namespace, s.scope),
    s.namespace ? namespaceIn(executions.namespace, s.namespace) : undefined,
    s.flowId ? eq(executions.flowId, s.flowId) : undefined,
    s.states?.length ? inArray(executions.state, s.states) : undefined,
    s.startDate ? gte(executions.startDate, s.startDate) : undefined,
    s.endDate ? lte(executions.startDate, s.endDate) : undefined,
    like ? or(ilike(executions.id, like), ilike(executions.flowId, like), ilike(executions.namespace, like)) : undefined,
    ...(s.labels ?? []).map((l) =>
      l.value === undefined
        ? sql`${executions.labels} @> ${JSON.stringify([{ key: l.key }])}::jsonb`
        : sql`${executions.labels} @> ${JSON.stringify([{ key: l.key, value: l.value }])}::jsonb`,
    ),
  );
  const [field, direction] = (s.sort ?? "startDate:desc").split(":");
  const column = SORTS[field as keyof typeof SORTS] ?? executions.startDate;
  const order = direction === "asc" ? [asc(column), asc(executions.id)] : [desc(column), desc(executions.id)];
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(executions).where(where).orderBy(...order).limit(s.size).offset((s.page - 1) * s.size),
    tx.select({ total: count() }).from(executions).where(where),
  ]);
  return { results, total };
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
const LOG_BATCH = 5000;

/** The lines as one JSON array, in the shape `jsonb_to_recordset` reads below. */
function logRecords(lines: LogLine[]): string {
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

type LogTarget = { tenantId: string; executionId: string; namespace: string; flowId: string };

/** An INSERT ... SELECT of the lines (kept in order, so `seq` follows them), for one statement or a CTE. */
function insertLogsSql(target: LogTarget, records: string, guard?: SQL) {
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

/** How a worker ends its lease with a save: delete the item, or re-arm it for `nextRunAt`. */
export type LeaseEnd = { owner: string; requests: number; nextRunAt: Date | null };

export type SavedProgress = {
  /** The new version, or null when another writer won (nothing was written). */
  version: number | null;
  /** When asked for: the tenant's flows that declare triggers (Flow triggers to evaluate). */
  triggerFlows: { namespace: string; id: string; revision: number; definition: Flow }[];
};

export type ProgressInput = {
  tenantId: string;
  doc: ExecutionDocument;
  version: number;
  lines: LogLine[];
  lease?: LeaseEnd;
  /** Read the tenant's flows with triggers along (an ended execution's Flow triggers). */
  withTriggerFlows?: boolean;
  /** With withTriggerFlows: write nothing if there are any (the caller must evaluate them in the same transaction). */
  onlyWithoutTriggerFlows?: boolean;
};

/** Whether saveProgressStatement can carry all of `lines` (else saveProgress adds statements). */
export function fitsOneStatement(lines: LogLine[]): boolean {
  return lines.length <= LOG_BATCH;
}

/**
 * A worker's save as one statement: the document (if nobody wrote since `version`), its
 * new log lines, the end of its lease (`finishWork` semantics) and, for an ended
 * execution, the flows whose triggers may fire. Nothing is written when the version moved.
 */
export function saveProgressStatement(input: ProgressInput): SQL {
  const { tenantId, doc, version } = input;
  const c = columns(doc);
  const target = { tenantId, executionId: doc.id, namespace: doc.namespace, flowId: doc.flowId };
  const saved = sql`exists (select 1 from saved)`;
  const lines = input.lines.slice(0, LOG_BATCH);
  const lease = input.lease;
  const next = lease?.nextRunAt ? lease.nextRunAt.toISOString() : null;
  const triggers = Boolean(input.withTriggerFlows);
  return sql`with ${
    triggers
      ? sql`trigger_flows as (
          select coalesce(jsonb_agg(jsonb_build_object('namespace', f.namespace, 'id', f.id, 'revision', f.revision, 'definition', f.definition)), '[]'::jsonb) as flows
          from flows f where f.has_triggers and not f.deleted
        ),`
      : sql``
  } saved as (
      update executions set namespace = ${c.namespace}, flow_id = ${c.flowId}, flow_revision = ${c.flowRevision}, state = ${c.state},
        start_date = ${c.startDate.toISOString()}::timestamptz, end_date = ${c.endDate?.toISOString() ?? null}::timestamptz,
        labels = ${JSON.stringify(c.labels)}::jsonb, parent_id = ${c.parentId}, original_id = ${c.originalId},
        document = ${JSON.stringify(doc)}::jsonb, version = ${version + 1}, updated_at = now()
      where tenant_id = ${tenantId} and id = ${doc.id} and version = ${version}
        ${triggers && input.onlyWithoutTriggerFlows ? sql`and (select jsonb_array_length(flows) from trigger_flows) = 0` : sql``}
      returning version
    )
    ${lines.length ? sql`, logged as (${insertLogsSql(target, logRecords(lines), saved)})` : sql``}
    ${
      lease
        ? sql`, deleted as (
            delete from work_items where tenant_id = ${tenantId} and execution_id = ${doc.id} and lease_owner = ${lease.owner}
              and ${next === null} and requests = ${lease.requests} and ${saved}
          ), rearmed as (
            update work_items set lease_until = null, lease_owner = null,
              run_at = case when ${next}::timestamptz is null or requests <> ${lease.requests} then now() else ${next}::timestamptz end
            where tenant_id = ${tenantId} and execution_id = ${doc.id} and lease_owner = ${lease.owner}
              and not (${next === null} and requests = ${lease.requests}) and ${saved}
          )`
        : sql``
    }
    select (select version from saved) as version, ${triggers ? sql`(select flows from trigger_flows)` : sql`'[]'::jsonb`} as trigger_flows`;
}

/** What saveProgressStatement answered. */
export function savedProgressOf(rows: Record<string, unknown>[]): SavedProgress {
  const row = rows[0] as { version: number | string | null; trigger_flows: SavedProgress["triggerFlows"] | string | null } | undefined;
  const flows = typeof row?.trigger_flows === "string" ? JSON.parse(row.trigger_flows) : row?.trigger_flows;
  return { version: row?.version == null ? null : Number(row.version), triggerFlows: flows ?? [] };
}

/** saveProgressStatement inside a transaction, with the log lines beyond one statement's share. */
export async function saveProgress(tx: Tx, input: ProgressInput): Promise<SavedProgress> {
  const result = savedProgressOf(await rowsOf(tx, saveProgressStatement(input)));
  if (result.version !== null && !fitsOneStatement(input.lines)) {
    await insertLogs(tx, { tenantId: input.tenantId, executionId: input.doc.id, namespace: input.doc.namespace, flowId: input.doc.flowId, lines: input.lines.slice(LOG_BATCH) });
  }
  return result;
}

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/** Levels at or above `minLevel`. */
export function levelsFrom(minLevel?: string): string[] {
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
    inArray(logs.level, levelsFrom(q.minLevel)),
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
