import type { Tx } from "@/db/client";
import { recordFiresStatement, scheduleSpecOf, takeLeasedTriggersWithFlows, type FireRecord, type LeasedTrigger, type TriggerRow } from "@/db/queries/triggers";
import { insertQueuedExecutions } from "@/db/queries/work";
import { createExecution, resolveInputs, type Execution } from "@/engine/executor";
import { parseDuration } from "@/engine/executor/duration";
import { canonicalType } from "@/engine/tasks/registry";
import type { Flow } from "@/engine/flow/schema";
import { cachedSchedule, SCHEDULE, SCHEDULE_ON_DATES } from "./cron";
import { HTTP_TRIGGER_TYPES } from "./polling";
import { planFires, scheduleVariables, type RecoverMissedSchedules } from "./plan";
import { allConditionsHold } from "@/engine/conditions/evaluate";
import { createRenderer } from "@/engine/executor/render";
import type { Condition } from "@/engine/tasks/common";

export type FireOptions = { owner: string; now: Date; graceMs: number; limit: number; backfillLimit?: number };

type ScheduleDefinition = {
  id: string;
  type: string;
  disabled?: boolean;
  cron?: string;
  dates?: string[];
  withSeconds?: boolean;
  timezone?: string;
  inputs?: Record<string, unknown>;
  recoverMissedSchedules?: RecoverMissedSchedules;
  lateMaximumDelay?: string;
  conditions?: Condition[];
  /** Deprecated name of `conditions`. */
  scheduleConditions?: Condition[];
};

/** What one pass over one leased trigger does: the executions to create and the row's new state. */
type Prepared = { leased: LeasedTrigger; executions: Execution[]; fired: Date[]; record: FireRecord };

/** One leased trigger's outcome once its transaction committed. */
export type Fired = {
  leased: LeasedTrigger;
  executionIds: string[];
  fired: Date[];
  /** A polling trigger (http.Trigger): left leased, for the scheduler to poll outside the transaction. */
  poll?: boolean;
};

type FlowRow = { revision: number; definition: Flow };

const keyOf = (k: { namespace: string; flowId: string; triggerId?: string }) => `${k.namespace}\u0000${k.flowId}\u0000${k.triggerId ?? ""}`;

/**
 * One pass over leased triggers of one tenant, in that tenant's transaction: creates an
 * execution per date to fire (CREATED, queued for the workers), writes each trigger's next
 * date and drops its lease, all in that transaction and in a handful of statements whatever
 * the number of triggers (rows, flows, executions, work items and trigger states each go in
 * one round trip). A crash leaves either everything or the leases (which expire and are taken
 * again). A trigger whose lease another scheduler took meanwhile is left alone.
 */
export async function fireLeasedTriggers(tx: Tx, tenantId: string, leased: readonly LeasedTrigger[], options: FireOptions): Promise<Fired[]> {
  if (leased.some((l) => l.tenantId !== tenantId)) throw new Error("fireLeasedTriggers: every trigger must be of the transaction's tenant");
  const taken = await takeLeasedTriggersWithFlows(tx, leased, options.owner);
  const rows = new Map(taken.map((r) => [keyOf(r.trigger), r.trigger]));
  const flows = new Map(taken.map((r) => [keyOf(r.trigger), r.flow]));
  const prepared: Prepared[] = [];
  const polls: Fired[] = [];
  for (const l of leased) {
    const row = rows.get(keyOf(l));
    if (!row || !row.nextExecutionDate) continue;
    if (HTTP_TRIGGER_TYPES.has(row.type)) {
      polls.push({ leased: l, executionIds: [], fired: [], poll: true });
      continue;
    }
    prepared.push(await prepare(l, row, flows.get(keyOf(l)) ?? null, options));
  }
  const all = prepared.flatMap((p) => p.executions);
  // The executions, their work items and the triggers' next dates: one statement.
  const records = prepared.map((p) => ({ key: p.leased, update: p.record }));
  await insertQueuedExecutions(tx, { tenantId, docs: all, alongside: records.length ? recordFiresStatement(records) : undefined });
  return [...prepared.map((p) => ({ leased: p.leased, executionIds: p.executions.map((e) => e.id), fired: p.fired })), ...polls];
}

/** fireLeasedTriggers for one trigger; returns the executions created. */
export async function fireLeasedTrigger(tx: Tx, leased: LeasedTrigger, options: FireOptions): Promise<string[]> {
  const [fired] = await fireLeasedTriggers(tx, leased.tenantId, [leased], options);
  return fired?.executionIds ?? [];
}

async function prepare(leased: LeasedTrigger, row: TriggerRow, flowRow: FlowRow | null, options: FireOptions): Promise<Prepared> {
  const nothing = (record: FireRecord): Prepared => ({ leased, executions: [], fired: [], record });
  const flow = flowRow?.definition;
  const definition = flow?.triggers?.find((t) => t.id === leased.triggerId) as ScheduleDefinition | undefined;
  const spec = definition ? scheduleSpecOf(definition) : null;
  const type = definition ? canonicalType(definition.type) : null;
  const schedule = spec ? cachedSchedule(spec) : null;
  if (!flowRow || !flow || flow.disabled || !definition || definition.disabled || row.disabled || !schedule || (type !== SCHEDULE && type !== SCHEDULE_ON_DATES)) {
    // Nothing to fire any more: unschedule (a save or an enable schedules it again).
    return nothing({ next: null });
  }
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
  const executions: Execution[] = [];
  const fired: Date[] = [];
  const fire = (date: Date) => {
    if (!inputs.ok) throw new Error(`inputs rejected: ${JSON.stringify(inputs.errors)}`);
    executions.push(
      createExecution({
        flow,
        revision: flowRow.revision,
        inputs: inputs.inputs,
        labels: row.backfill?.labels ?? undefined,
        trigger: { id: definition.id, type: type!, variables: scheduleVariables(schedule, date) },
        now: options.now,
      }),
    );
    fired.push(date);
  };
  const lastOf = () => ({ date: fired[fired.length - 1], executionId: executions[executions.length - 1]?.id });

  if (row.backfill) {
    // A backfill fires its past dates in order, `limit` per pass; where it stands is written
    // with the executions, so a crash resumes it at the first date not fired.
    const backfill = row.backfill;
    if (backfill.paused) return nothing({ next: null });
    const end = new Date(backfill.end ?? options.now.toISOString());
    let cursor: Date | null = new Date(backfill.currentDate);
    let processed = 0;
    while (cursor && cursor.getTime() <= end.getTime() && cursor.getTime() <= options.now.getTime() && processed < (options.backfillLimit ?? options.limit)) {
      if (await allowed(cursor)) fire(cursor);
      processed++;
      cursor = schedule.next(cursor);
    }
    const finished = !cursor || cursor.getTime() > end.getTime();
    return {
      leased,
      executions,
      fired: [],
      record: {
        // Done: back to the regular schedule from now on. Else due again at once.
        next: finished ? schedule.next(options.now) : options.now,
        ...lastOf(),
        backfill: finished ? null : { ...backfill, currentDate: cursor!.toISOString(), done: backfill.done + processed },
      },
    };
  }

  const plan = planFires({
    schedule,
    next: row.nextExecutionDate!,
    now: options.now,
    recover: definition.recoverMissedSchedules ?? "ALL",
    graceMs: options.graceMs,
    lateMaximumDelayMs: definition.lateMaximumDelay ? parseDuration(definition.lateMaximumDelay) : undefined,
    limit: options.limit,
  });
  for (const date of plan.fires) {
    if (!inputs.ok) {
      console.error(`[scheduler] ${label}: inputs rejected`, inputs.errors);
      break;
    }
    if (await allowed(date)) fire(date);
  }
  return { leased, executions, fired, record: { next: plan.next, ...lastOf() } };
}
