import type { TaskContext } from "@/engine/executor/context";
import { executionsOf } from "./common";

/**
 * Kestra's executionFromTaskParameters: the execution a task names. No `executionId`: this
 * one. With one: that execution of the tenant, which must belong to `namespace`/`flowId`
 * (by default this flow's, as Kestra looks on the current flow); another namespace is
 * reached only where the namespace rule allows (the service checks).
 */
export async function findExecutionOf(
  ctx: TaskContext<unknown>,
  p: { namespace?: string; flowId?: string; executionId?: string },
): Promise<{ id: string; namespace: string; flowId: string; state: string; parentId: string | null }> {
  if (p.executionId === undefined || p.executionId === ctx.execution.id) {
    const e = ctx.execution;
    return { id: e.id, namespace: e.namespace, flowId: e.flowId, state: e.state.current, parentId: e.parentId };
  }
  const found = await executionsOf(ctx).find(p.executionId);
  const namespace = p.namespace ?? ctx.flow.namespace;
  const flowId = p.flowId ?? ctx.flow.id;
  const mismatch = found && (found.namespace !== namespace || found.flowId !== flowId);
  if (!found || mismatch) throw new Error(`No execution found for execution id ${p.executionId}`);
  return found;
}
