import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Flow } from "@/engine/flow/schema";
import type { Tx } from "../client";
import { flowRevisions, flows } from "../schema";
import { escapeLike } from "./tenants";
import { inScope, namespaceIn } from "./scope";
import { syncFlowTriggers, type FlowDefinition } from "./triggers";

export type FlowRow = typeof flows.$inferSelect;
export type FlowRevisionRow = typeof flowRevisions.$inferSelect;


export async function getFlow(tx: Tx, { namespace, id, includeDeleted = false }: { namespace: string; id: string; includeDeleted?: boolean }) {
  const [row] = await tx
    .select()
    .from(flows)
    .where(and(eq(flows.namespace, namespace), eq(flows.id, id), includeDeleted ? undefined : eq(flows.deleted, false)));
  return row ?? null;
}

/** The live flows among `keys` (namespace and flow id), in one round trip. */
export async function getFlowsByKeys(tx: Tx, keys: readonly { namespace: string; flowId: string }[]) {
  if (keys.length === 0) return [];
  const list = (values: string[]) => `{${values.map((v) => `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`;
  return tx
    .select()
    .from(flows)
    .where(
      and(
        sql`(${flows.namespace}, ${flows.id}) in (select * from unnest(${list(keys.map((k) => k.namespace))}::text[], ${list(keys.map((k) => k.flowId))}::text[]))`,
        eq(flows.deleted, false),
      ),
    );
}

export async function getFlowRevision(tx: Tx, { namespace, id, revision }: { namespace: string; id: string; revision: number }) {
  const [row] = await tx
    .select()
    .from(flowRevisions)
    .where(and(eq(flowRevisions.namespace, namespace), eq(flowRevisions.flowId, id), eq(flowRevisions.revision, revision)));
  return row ?? null;
}

export function listFlowRevisions(tx: Tx, { namespace, id }: { namespace: string; id: string }) {
  return tx
    .select()
    .from(flowRevisions)
    .where(and(eq(flowRevisions.namespace, namespace), eq(flowRevisions.flowId, id)))
    .orderBy(asc(flowRevisions.revision));
}

export function listNamespaceFlows(tx: Tx, { namespace }: { namespace: string }) {
  return tx.select().from(flows).where(and(eq(flows.namespace, namespace), eq(flows.deleted, false))).orderBy(asc(flows.id));
}

const SORTS = {
  id: flows.id,
  namespace: flows.namespace,
  revision: flows.revision,
  updated: flows.updatedAt,
} as const;

export type FlowSearch = {
  q?: string;
  namespace?: string;
  labels?: { key: string; value?: string }[];
  page: number;
  size: number;
  sort?: string;
  scope: string[] | null;
};

export async function findFlows(tx: Tx, search: FlowSearch) {
  const like = search.q ? `%${escapeLike(search.q)}%` : undefined;
  const where = and(
    eq(flows.deleted, false),
    inScope(flows.namespace, search.scope),
    search.namespace ? namespaceIn(flows.namespace, search.namespace) : undefined,
    like ? or(ilike(flows.id, like), ilike(flows.namespace, like), ilike(flows.description, like)) : undefined,
    ...(search.labels ?? []).map((l) =>
      l.value === undefined
        ? sql`${flows.labels} @> ${JSON.stringify([{ key: l.key }])}::jsonb`
        : sql`${flows.labels} @> ${JSON.stringify([{ key: l.key, value: l.value }])}::jsonb`,
    ),
  );
  const [field, direction] = (search.sort ?? "namespace:asc").split(":");
  const column = SORTS[field as keyof typeof SORTS] ?? flows.namespace;
  const order = direction === "desc" ? [desc(column), desc(flows.id)] : [asc(column), asc(flows.id)];
  const [results, [{ total }]] = await Promise.all([
    tx.select().from(flows).where(where).orderBy(...order).limit(search.size).offset((search.page - 1) * search.size),
    tx.select({ total: count() }).from(flows).where(where),
  ]);
  return { results, total };
}

export async function distinctNamespaces(tx: Tx, { scope }: { scope: string[] | null }) {
  const rows = await tx
    .selectDistinct({ namespace: flows.namespace })
    .from(flows)
    .where(and(eq(flows.deleted, false), inScope(flows.namespace, scope)))
    .orderBy(asc(flows.namespace));
  return rows.map((r) => r.namespace);
}

/** Namespaces with their flow counts. */
export async function namespaceSummaries(tx: Tx, { scope, q }: { scope: string[] | null; q?: string }) {
  return tx
    .select({ namespace: flows.namespace, flowCount: count(), updatedAt: sql<Date>`max(${flows.updatedAt})` })
    .from(flows)
    .where(and(eq(flows.deleted, false), inScope(flows.namespace, scope), q ? ilike(flows.namespace, `%${escapeLike(q)}%`) : undefined))
    .groupBy(flows.namespace)
    .orderBy(asc(flows.namespace));
}

export type SaveMode = "create" | "update" | "upsert";
export type SaveResult = { status: "created" | "updated" | "unchanged"; row: FlowRow } | { status: "exists" | "missing" };

/**
 * Saves a validated flow. A new revision is written only when the source changed; a
 * flow created again after deletion continues its revision numbers, as Kestra does.
 * The row is locked so concurrent saves get consecutive revisions.
 */
export async function saveFlow(
  tx: Tx,
  input: { tenantId: string; flow: Flow; source: string; authorId: string | null; mode: SaveMode },
): Promise<SaveResult> {
  const { flow, source } = input;
  const [existing] = await tx
    .select()
    .from(flows)
    .where(and(eq(flows.namespace, flow.namespace), eq(flows.id, flow.id)))
    .for("update");
  const live = existing && !existing.deleted;
  if (input.mode === "create" && live) return { status: "exists" };
  if (input.mode === "update" && !live) return { status: "missing" };
  if (live && existing.source === source) return { status: "unchanged", row: existing };

  const revision = existing ? existing.revision + 1 : 1;
  const values = {
    tenantId: input.tenantId,
    namespace: flow.namespace,
    id: flow.id,
    revision,
    source,
    definition: flow,
    description: flow.description ?? null,
    labels: flow.labels ?? [],
    disabled: flow.disabled ?? false,
    deleted: false,
  };
  let row: FlowRow | undefined;
  if (existing) {
    [row] = await tx
      .update(flows)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(flows.namespace, flow.namespace), eq(flows.id, flow.id)))
      .returning();
  } else {
    [row] = await tx.insert(flows).values(values).onConflictDoNothing().returning();
    // Another transaction created it between our read and insert.
    if (!row) return { status: input.mode === "update" ? "missing" : "exists" };
  }
  await tx.insert(flowRevisions).values({
    tenantId: input.tenantId,
    namespace: flow.namespace,
    flowId: flow.id,
    revision,
    source,
    definition: flow,
    authorId: input.authorId,
  });
  await syncFlowTriggers(tx, { tenantId: input.tenantId, flow: flow as unknown as FlowDefinition, revision });
  return { status: existing ? "updated" : "created", row: row! };
}

/** Marks the flow deleted with a last revision that records the deletion. */
export async function deleteFlow(tx: Tx, input: { tenantId: string; namespace: string; id: string; authorId: string | null }) {
  const [row] = await tx
    .update(flows)
    .set({ deleted: true, revision: sql`${flows.revision} + 1`, updatedAt: sql`now()` })
    .where(and(eq(flows.namespace, input.namespace), eq(flows.id, input.id), eq(flows.deleted, false)))
    .returning();
  if (!row) return null;
  await tx.insert(flowRevisions).values({
    tenantId: input.tenantId,
    namespace: row.namespace,
    flowId: row.id,
    revision: row.revision,
    source: row.source,
    definition: row.definition,
    deleted: true,
    authorId: input.authorId,
  });
  await syncFlowTriggers(tx, { tenantId: input.tenantId, flow: row.definition as unknown as FlowDefinition, revision: row.revision, deleted: true });
  return row;
}

/**
 * The live flow with its row's xmin, which changes with every write of the row: a token
 * that a later statement can check (insertExecutionStatement's flow guard). One statement,
 * for withTenantPipeline; read the answer with currentFlowOf.
 */
export function currentFlowStatement({ namespace, id }: { namespace: string; id: string }): SQL {
  return sql`select xmin::text as xmin, revision, definition from flows where namespace = ${namespace} and id = ${id} and not deleted`;
}

export function currentFlowOf(rows: Record<string, unknown>[]): { xmin: string; revision: number; definition: Flow } | null {
  const row = rows[0];
  if (!row) return null;
  const definition = typeof row.definition === "string" ? JSON.parse(row.definition) : row.definition;
  return { xmin: String(row.xmin), revision: Number(row.revision), definition: definition as Flow };
}
