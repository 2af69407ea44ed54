import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import type { Execution } from "@/engine/executor/types";
import type { Tx } from "../client";
import { executions } from "../schema";
import { escapeLike } from "./tenants";
import { inScope, namespaceIn } from "./scope";

export type ExecutionRow = typeof executions.$inferSelect;

/** An execution document as the engine writes it (engine/executor/types.ts); the indexed columns are copied from it. */
export type ExecutionDocument = Execution;

/** The indexed columns copied from a document. */
export function executionColumns(doc: ExecutionDocument) {
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
  const [row] = await tx.insert(executions).values({ tenantId, id: doc.id, ...executionColumns(doc) }).returning({ version: executions.version });
  return row;
}

/** Many new executions of the tenant in one statement. */
export async function insertExecutions(tx: Tx, { tenantId, docs }: { tenantId: string; docs: readonly ExecutionDocument[] }) {
  if (docs.length === 0) return;
  await tx.insert(executions).values(docs.map((doc) => ({ tenantId, id: doc.id, ...executionColumns(doc) })));
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
  const c = executionColumns(doc);
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
    .set({ ...executionColumns(doc), version: version + 1, updatedAt: sql`now()` })
    .where(and(eq(executions.id, doc.id), eq(executions.version, version)))
    .returning({ version: executions.version });
  return row?.version ?? null;
}

export async function deleteExecution(tx: Tx, { id }: { id: string }) {
  const [row] = await tx.delete(executions).where(eq(executions.id, id)).returning({ id: executions.id });
  return row ?? null;
}

export const ACTIVE_STATES = ["RUNNING", "PAUSED", "KILLING", "RETRYING", "RESTARTED"];

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

/** `end_date - start_date`: indexed (tenant_id first), so sorting by it reads one tenant's rows in order. A running execution's is null. */
const DURATION = sql`(${executions.endDate} - ${executions.startDate})`;

/** Sort fields, by our names and Kestra's (`state.startDate`, `state.duration`, ...). */
const SORTS = {
  startDate: executions.startDate,
  endDate: executions.endDate,
  state: executions.state,
  flowId: executions.flowId,
  namespace: executions.namespace,
  id: executions.id,
  duration: DURATION,
  "state.startDate": executions.startDate,
  "state.endDate": executions.endDate,
  "state.current": executions.state,
  "state.duration": DURATION,
} as const;

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
