import type { TriggerRow } from "@/db/queries/triggers";

/** Kestra's trigger context (TriggerContext / Trigger in its API) of one row. */
export function triggerContext(row: TriggerRow, definition?: Record<string, unknown>) {
  return {
    namespace: row.namespace,
    flowId: row.flowId,
    triggerId: row.triggerId,
    date: row.date?.toISOString() ?? null,
    nextExecutionDate: row.nextExecutionDate?.toISOString() ?? null,
    executionId: row.executionId,
    disabled: row.disabled,
    stopAfter: (definition?.stopAfter as string[] | undefined) ?? null,
    backfill: row.backfill ?? null,
    evaluateRunningDate: row.lockUntil ? row.updatedAt.toISOString() : null,
    updatedDate: row.updatedAt.toISOString(),
    workerId: row.lockOwner,
    locked: row.lockOwner !== null,
  };
}

/** A search result: the trigger as the flow declares it, with its context. */
export function triggerWithContext(row: TriggerRow, definition: Record<string, unknown> | undefined) {
  return { abstractTrigger: definition ?? { id: row.triggerId, type: row.type }, triggerContext: triggerContext(row, definition) };
}
