import { and, asc, desc, eq, or } from "drizzle-orm";
import type { Tx } from "@/db/tenant";
import { executions, flowRevisions, users } from "@/db/schema";

/**
 * What the flow pages show beside the flows themselves: the last execution of each listed
 * flow, a flow's latest executions, revisions with their authors. Each runs in withTenant.
 */

export type LastExecution = { id: string; state: string; startDate: Date };

/**
 * The latest execution of each flow, keyed `namespace/id`. A flow that never ran has no
 * entry, and an instance without executions yet answers an empty map.
 */
export async function lastExecutions(tx: Tx, flows: { namespace: string; id: string }[]): Promise<Map<string, LastExecution>> {
  if (flows.length === 0) return new Map();
  const rows = await tx
    .selectDistinctOn([executions.namespace, executions.flowId], {
      namespace: executions.namespace,
      flowId: executions.flowId,
      id: executions.id,
      state: executions.state,
      startDate: executions.startDate,
    })
    .from(executions)
    .where(and(eq(executions.deleted, false), or(...flows.map((f) => and(eq(executions.namespace, f.namespace), eq(executions.flowId, f.id))))))
    .orderBy(executions.namespace, executions.flowId, desc(executions.startDate));
  return new Map(rows.map((r) => [`${r.namespace}/${r.flowId}`, { id: r.id, state: r.state, startDate: r.startDate }]));
}

/** The latest executions of one flow (exactly this namespace, not its children), newest first. */
export function recentExecutions(tx: Tx, { namespace, flowId, limit = 25 }: { namespace?: string; flowId?: string; limit?: number }) {
  return tx
    .select({
      id: executions.id,
      namespace: executions.namespace,
      flowId: executions.flowId,
      flowRevision: executions.flowRevision,
      state: executions.state,
      startDate: executions.startDate,
      endDate: executions.endDate,
    })
    .from(executions)
    .where(and(eq(executions.deleted, false), namespace ? eq(executions.namespace, namespace) : undefined, flowId ? eq(executions.flowId, flowId) : undefined))
    .orderBy(desc(executions.startDate))
    .limit(limit);
}

/** A flow's revisions, newest first, with who saved each. */
export function revisionHistory(tx: Tx, { namespace, id }: { namespace: string; id: string }) {
  return tx
    .select({
      revision: flowRevisions.revision,
      createdAt: flowRevisions.createdAt,
      deleted: flowRevisions.deleted,
      authorEmail: users.email,
    })
    .from(flowRevisions)
    .leftJoin(users, eq(users.id, flowRevisions.authorId))
    .where(and(eq(flowRevisions.namespace, namespace), eq(flowRevisions.flowId, id)))
    .orderBy(desc(flowRevisions.revision), asc(flowRevisions.createdAt));
}
