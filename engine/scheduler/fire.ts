import type { Tx } from "@/db/client";
import { metrics } from "@/lib/observability/metrics";
import { getFlow } from "@/db/queries/flows";
import { insertExecution } from "@/db/queries/executions";
import { recordFires, scheduleSpecOf, takeLeasedTrigger, type LeasedTrigger } from "@/db/queries/triggers";
import { enqueueWork } from "@/db/queries/work";
import { createExecution, resolveInputs } from "@/engine/executor";
import { parseDuration } from "@/engine/executor/duration";
import { canonicalType } from "@/engine/tasks/registry";
import { compileSchedule, scheduleIssues } from "./cron";
import { planFires, scheduleVariables, type RecoverMissedSchedules } from "./plan";
import { allConditionsHold } from "@/engine/conditions/evaluate";
import { createRenderer } from "@/engine/executor/render";
import type { Condition } from "@/engine/tasks/common";

const SCHEDULE = "io.kestra.plugin.core.trigger.Schedule";

export type FireOptions = { owner: string; now: Date; graceMs: number; limit: number; backfillLimit?: number };

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
  conditions?: Condition[];
  /** Deprecated name of `conditions`. */
  scheduleConditions?: Condition[];
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
  const flow = flowRow?.definition;
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
  const inputs = resolveInputs(flow.inputs, { ...(definition.inputs ?? {}), ...(row.backfill?.inputs ?? {}) }, "typed");
  const conditions = [...(definition.conditions ?? []), ...(definition.scheduleConditions ?? [])];
  const label = `${row.tenantId}/${leased.namespace}.${leased.flowId}/${leased.triggerId}`;
  // Kestra's Schedule `conditions`: a date whose conditions fail is skipped, not executed.
  const allowed = async (date: Date): Promise<boolean> => {
    if (!conditions.length) return true;
    const renderer = createRenderer({ flow: { id: flow.id, namespace: flow.namespace }, trigger: scheduleVariables(schedule, date) });
    try {
      return await allConditionsHold(conditions, { now: date, render: (template) => renderer.render(template) });
    } catch (error) {
      console.error(`[scheduler] ${label}: conditions could not be evaluated for ${date.toISOString()}, skipped:`, error);
      return false;
    }
  };
  const fire = async (date: Date) => {
    if (!inputs.ok) throw new Error(`inputs rejected: ${JSON.stringify(inputs.errors)}`);
    const execution = createExecution({
      flow,
      revision: flowRow.revision,
      inputs: inputs.inputs,
      labels: row.backfill?.labels ?? undefined,
      trigger: { id: definition.id, type: SCHEDULE, variables: scheduleVariables(schedule, date) },
      now: options.now,
    });
    await insertExecution(tx, { tenantId: row.tenantId, doc: execution });
    await enqueueWork(tx, { tenantId: row.tenantId, executionId: execution.id });
    return execution.id;
  };

  if (row.backfill) {
    // A backfill fires its past dates in order, `limit` per pass; where it stands is written
    // with the executions, so a crash resumes it at the first date not fired.
    const backfill = row.backfill;
    if (backfill.paused) {
      await recordFires(tx, leased, { next: null });
      return [];
    }
    const end = new Date(backfill.end ?? options.now.toISOString());
    const created: string[] = [];
    let cursor: Date | null = new Date(backfill.currentDate);
    let last: Date | undefined;
    let processed = 0;
    while (cursor && cursor.getTime() <= end.getTime() && cursor.getTime() <= options.now.getTime() && processed < (options.backfillLimit ?? options.limit)) {
      if (await allowed(cursor)) {
        created.push(await fire(cursor));
        last = cursor;
      }
      processed++;
      cursor = schedule.next(cursor);
    }
    const finished = !cursor || cursor.getTime() > end.getTime();
    await recordFires(tx, leased, {
      // Done: back to the regular schedule from now on. Else due again at once.
      next: finished ? schedule.next(options.now) : options.now,
      date: last,
      executionId: created[created.length - 1],
      backfill: finished ? null : { ...backfill, currentDate: cursor!.toISOString(), done: backfill.done + processed },
    });
    return created;
  }

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
  const firedDates: Date[] = [];
  for (const date of plan.fires) {
    if (!inputs.ok) {
      console.error(`[scheduler] ${label}: inputs rejected`, inputs.errors);
      break;
    }
    if (!(await allowed(date))) continue;
    created.push(await fire(date));
    firedDates.push(date);
    // Fire time minus due time, on the scheduler's clock (switchyard_scheduler_lag_seconds).
    metrics().schedulerLag.observe(Math.max(0, options.now.getTime() - date.getTime()) / 1000);
  }
  const last = firedDates[firedDates.length - 1];
  await recordFires(tx, leased, { next: plan.next, date: last, executionId: created[created.length - 1] });
  return created;
}
