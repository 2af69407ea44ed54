import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { executions, logs } from "../schema";
import { escapeLike } from "./tenants";
import { inScope, namespaceIn } from "./scope";

export type ExecutionRow = typeof executions.$inferSelect;

/** The fields of an Execution document that the table indexes. */
export type ExecutionDocument = {
  id: string;
  namespace: string;
  flowId: string;
  flowRevision: number;
  state: { current: string; startDate: string; endDate?: string | null } & Record<string, unknown>;
  labels?: { key: string; value: string }[] | null;
  parentId?: string | null;
  originalId?: string | null;
} & Record<string, unknown>;

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
  const [row] = await tx.insert(executions).values({ tenantId, id: doc.id, ...columns(doc) }).returning();
  return row;
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

/** Rows per insert: 11 parameters a row stays under PostgreSQL's 65,535-parameter limit. */
const LOG_BATCH = 2000;

/** Writes log lines in as few statements as the parameter limit allows. */
export async function insertLogs(tx: Tx, input: { tenantId: string; executionId: string; namespace: string; flowId: string; lines: LogLine[] }) {
  for (let start = 0; start < input.lines.length; start += LOG_BATCH) {
    await insertLogBatch(tx, { ...input, lines: input.lines.slice(start, start + LOG_BATCH) });
  }
}

async function insertLogBatch(tx: Tx, input: { tenantId: string; executionId: string; namespace: string; flowId: string; lines: LogLine[] }) {
  await tx.insert(logs).values(
    input.lines.map((l) => ({
      tenantId: input.tenantId,
      executionId: input.executionId,
      namespace: input.namespace,
      flowId: input.flowId,
      taskId: l.taskId ?? null,
      taskRunId: l.taskRunId ?? null,
      attemptNumber: l.attemptNumber ?? null,
      triggerId: l.triggerId ?? null,
      timestamp: new Date(l.timestamp),
      level: l.level,
      message: l.message,
    })),
  );
}

const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];

/** Levels at or above `minLevel`. */
export function levelsFrom(minLevel?: string): string[] {
  const at = minLevel ? LEVELS.indexOf(minLevel) : 0;
  return LEVELS.slice(Math.max(0, at));
}

export function findExecutionLogs(
  tx: Tx,
  q: { executionId: string; minLevel?: string; taskRunId?: string; taskId?: string; afterSeq?: number; limit?: number },
) {
  return tx
    .select()
    .from(logs)
    .where(
      and(
        eq(logs.executionId, q.executionId),
        inArray(logs.level, levelsFrom(q.minLevel)),
        q.taskRunId ? eq(logs.taskRunId, q.taskRunId) : undefined,
        q.taskId ? eq(logs.taskId, q.taskId) : undefined,
        q.afterSeq !== undefined ? sql`${logs.seq} > ${q.afterSeq}` : undefined,
      ),
    )
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
