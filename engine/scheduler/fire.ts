import type { Tx } from "@/db/client";
import { getFlow } from "@/db/queries/flows";
import { insertExecution, type ExecutionDocument } from "@/db/queries/executions";
import { recordFires, scheduleSpecOf, takeLeasedTrigger, type LeasedTrigger } from "@/db/queries/triggers";
import { enqueueWork } from "@/db/queries/work";
import type { Flow } from "@/engine/flow/schema";
import { createExecution, resolveInputs } from "@/engine/executor";
import { parseDuration } from "@/engine/executor/duration";
import { canonicalType } from "@/engine/tasks/registry";
import { compileSchedule, scheduleIssues } from "./cron";
import { planFires, scheduleVariables, type RecoverMissedSchedules } from "./plan";

const SCHEDULE = "io.kestra.plugin.core.trigger.Schedule";

export type FireOptions = { owner: string; now: Date; graceMs: number; limit: number };

type ScheduleDefinition = {
  id: string;
  type: string;
  disabled?: boolean;
  cron: string;
  withSeconds?: boolean;
  timezone?: string;
  inputs?: Record<string, unknown>;
  recoverMissedSchedules?: RecoverMissedSchedules;
  lateMaximumDelay?: string;
};

/**
 * One pass over a leased Schedule, in its tenant's transaction: creates an execution per
 * date to fire (CREATED, queued for the workers), writes the next date and drops the lease,
 * all in that transaction, so a crash leaves either everything or the lease (which expires
 * and is taken again). A trigger whose lease another scheduler took meanwhile is left alone.
 * Returns the executions created.
 */
export async function fireLeasedTrigger(tx: Tx, leased: LeasedTrigger, options: FireOptions): Promise<string[]> {
  const row = await takeLeasedTrigger(tx, leased, options.owner);
  if (!row || !row.nextExecutionDate) return [];
  const flowRow = await getFlow(tx, { namespace: leased.namespace, id: leased.flowId });
  const flow = flowRow?.definition as unknown as Flow | undefined;
  const definition = flow?.triggers?.find((t) => t.id === leased.triggerId) as ScheduleDefinition | undefined;
  const spec = definition ? scheduleSpecOf(definition) : null;
  if (!flowRow || !flow || flow.disabled || !definition || definition.disabled || row.disabled || !spec || scheduleIssues(spec).length) {
    // Nothing to fire any more: unschedule (a save or an enable schedules it again).
    await recordFires(tx, leased, { next: null });
    return [];
  }
  if (canonicalType(definition.type) !== SCHEDULE) {
    await recordFires(tx, leased, { next: null });
    return [];
  }
  const schedule = compileSchedule(spec);
  const plan = planFires({
    schedule,
    next: row.nextExecutionDate,
    now: options.now,
    recover: definition.recoverMissedSchedules ?? "ALL",
    graceMs: options.graceMs,
    lateMaximumDelayMs: definition.lateMaximumDelay ? parseDuration(definition.lateMaximumDelay) : undefined,
    limit: options.limit,
  });
  const created: string[] = [];
  const inputs = resolveInputs(flow.inputs, definition.inputs ?? {}, "typed");
  for (const date of plan.fires) {
    if (!inputs.ok) {
      console.error(`[scheduler] ${row.tenantId}/${leased.namespace}.${leased.flowId}/${leased.triggerId}: inputs rejected`, inputs.errors);
      break;
    }
    const execution = createExecution({
      flow,
      revision: flowRow.revision,
      inputs: inputs.inputs,
      trigger: { id: definition.id, type: SCHEDULE, variables: scheduleVariables(schedule, date) },
      now: options.now,
    });
    await insertExecution(tx, { tenantId: row.tenantId, doc: execution as unknown as ExecutionDocument });
    await enqueueWork(tx, { tenantId: row.tenantId, executionId: execution.id });
    created.push(execution.id);
  }
  const last = plan.fires[plan.fires.length - 1];
  await recordFires(tx, leased, { next: plan.next, date: last, executionId: created[created.length - 1] });
  return created;
}
