import { and, asc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Tx } from "../client";
import { flows, triggers, type TriggerBackfill } from "../schema";
import { rowsOf, textArray } from "./raw";
import { escapeLike } from "./tenants";
import { inScope, namespaceIn } from "./scope";
import { pollIntervalOf } from "@/engine/scheduler/polling";
import { compileSchedule, scheduleIssues, SCHEDULE, SCHEDULE_ON_DATES, type ScheduleSpec } from "@/engine/scheduler/cron";

export type TriggerRow = typeof triggers.$inferSelect;
export type TriggerKey = { namespace: string; flowId: string; triggerId: string };

const SCHEDULE_ALIASES = new Set([SCHEDULE, "io.kestra.core.models.triggers.types.Schedule"]);

type TriggerDefinition = { id: string; type: string; disabled?: boolean; cron?: string; withSeconds?: boolean; timezone?: string; dates?: unknown; interval?: unknown };
export type FlowDefinition = { namespace: string; id: string; disabled?: boolean; triggers?: TriggerDefinition[] };

/** A Schedule trigger's cron, zone and seconds flag (a ScheduleOnDates' dates and zone), or null for other kinds. */
export function scheduleSpecOf(trigger: TriggerDefinition): ScheduleSpec | null {
  if (trigger.type === SCHEDULE_ON_DATES) {
    if (!Array.isArray(trigger.dates)) return null;
    return { cron: "", dates: trigger.dates.map(String), timezone: trigger.timezone };
  }
  if (!SCHEDULE_ALIASES.has(trigger.type) || typeof trigger.cron !== "string") return null;
  return { cron: trigger.cron, withSeconds: trigger.withSeconds, timezone: trigger.timezone };
}

function scheduleKeyOf(spec: ScheduleSpec): string {
  if (spec.dates) return JSON.stringify(["dates", spec.dates, spec.timezone ?? null]);
  return JSON.stringify([spec.cron, spec.withSeconds ?? false, spec.timezone ?? null]);
}

/** The next date of a Schedule after `now`, or null when it cannot fire. */
function nextDate(spec: ScheduleSpec | null, now: Date): Date | null {
  if (!spec || scheduleIssues(spec).length) return null;
  return compileSchedule(spec).next(now);
}

/** When an enabled trigger is first due from `now`: a Schedule's next date, a polling trigger at once, others never. */
function firstDue(definition: TriggerDefinition | null, now: Date): Date | null {
  if (!definition) return null;
  const spec = scheduleSpecOf(definition);
  if (spec) return nextDate(spec, now);
  return pollIntervalOf(definition) !== null ? now : null;
}

/** A polling trigger's state key: its interval (a change polls again at once). */
function pollKeyOf(definition: TriggerDefinition): string | null {
  const interval = pollIntervalOf(definition);
  return interval === null ? null : JSON.stringify(["poll", interval]);
}

/**
 * Brings the flow's trigger rows in line with its saved definition, in the save's
 * transaction: new triggers get a row; removed ones lose theirs; a Schedule whose cron,
 * zone or seconds changed, or that comes back from disabled, is due next after `now` (the
 * past is never fired on a save). A deleted or disabled flow keeps no next date.
 */
export async function syncFlowTriggers(
  tx: Tx,
  input: { tenantId: string; flow: FlowDefinition; revision: number; deleted?: boolean; now?: Date },
): Promise<void> {
  const now = input.now ?? new Date();
  const { flow } = input;
  const existing = await tx
    .select()
    .from(triggers)
    .where(and(eq(triggers.namespace, flow.namespace), eq(triggers.flowId, flow.id)))
    .for("update");
  const declared = input.deleted ? [] : (flow.triggers ?? []);
  const ids = new Set(declared.map((t) => t.id));
  for (const row of existing) {
    if (!ids.has(row.triggerId)) {
      await tx.delete(triggers).where(and(eq(triggers.namespace, flow.namespace), eq(triggers.flowId, flow.id), eq(triggers.triggerId, row.triggerId)));
    }
  }
  for (const definition of declared) {
    const row = existing.find((r) => r.triggerId === definition.id);
    const spec = scheduleSpecOf(definition);
    const key = spec ? scheduleKeyOf(spec) : pollKeyOf(definition);
    const active = !flow.disabled && !definition.disabled && !(row?.disabled ?? false);
    let next: Date | null = null;
    if (spec && active) {
      // Keep a stored next date (a due fire, or a backfill's) unless the schedule changed.
      next = row && row.scheduleKey === key && row.nextExecutionDate ? row.nextExecutionDate : nextDate(spec, now);
    } else if (key && active) {
      // A polling trigger: its stored next poll, or at once when new, changed or enabled again.
      next = row && row.scheduleKey === key && row.nextExecutionDate ? row.nextExecutionDate : now;
    }
    if (!row) {
      await tx.insert(triggers).values({
        tenantId: input.tenantId,
        namespace: flow.namespace,
        flowId: flow.id,
        triggerId: definition.id,
        type: definition.type,
        flowRevision: input.revision,
        scheduleKey: key,
        nextExecutionDate: next,
      });
    } else {
      await tx
        .update(triggers)
        .set({ type: definition.type, flowRevision: input.revision, scheduleKey: key, nextExecutionDate: next, updatedAt: sql`now()` })
        .where(and(eq(triggers.namespace, flow.namespace), eq(triggers.flowId, flow.id), eq(triggers.triggerId, definition.id)));
    }
  }
}

export type LeasedTrigger = TriggerKey & { tenantId: string; nextExecutionDate: Date; /** Each tenant's share of the lease it came in (a tenant that got it all may have more due). */ share?: number };


/**
 * Leases up to `limit` due triggers across tenants (inside withWorkQueue), fairly: each
 * tenant with due triggers gets an equal share of the lease (its earliest dates first), and
 * the lease takes the tenants' first turns before anyone's second, so a tenant with 5,000
 * due schedules never delays another's single one. Due tenants are found with a skip scan
 * over (tenant_id, next_execution_date): the cost grows with the number of tenants that have
 * something due. SKIP LOCKED lets several schedulers lease side by side; a lease left by a
 * dead process expires and is taken again. Times come from the scheduler's clock.
 */
export async function leaseDueTriggers(
  tx: Tx,
  { owner, now, leaseMs, limit, tenants }: { owner: string; now: Date; leaseMs: number; limit: number; tenants?: readonly string[] },
): Promise<LeasedTrigger[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const due = (t: SQL) =>
    sql`${t}.next_execution_date is not null and ${t}.next_execution_date <= ${at}::timestamptz and (${t}.lock_until is null or ${t}.lock_until < ${at}::timestamptz)${
      tenants ? sql` and ${t}.tenant_id = any(${textArray(tenants)}::text[])` : sql``
    }`;
  const rows = await rowsOf<Record<string, unknown>>(
    tx,
    sql`with recursive due_tenants(tenant_id) as (
          (select t.tenant_id from triggers t where ${due(sql`t`)} order by t.tenant_id limit 1)
          union all
          select (select t.tenant_id from triggers t where t.tenant_id > d.tenant_id and ${due(sql`t`)} order by t.tenant_id limit 1)
          from due_tenants d where d.tenant_id is not null
        ),
        live as (select tenant_id from due_tenants where tenant_id is not null),
        share as (select greatest(1, ceil(${limit}::numeric / greatest(count(*), 1)))::int as n from live),
        picked as (
          select p.*, s.n as share from live d cross join share s cross join lateral (
            select t.tenant_id, t.namespace, t.flow_id, t.trigger_id, t.next_execution_date from triggers t
            where t.tenant_id = d.tenant_id and ${due(sql`t`)}
            order by t.next_execution_date limit s.n
            for update skip locked
          ) p
        ),
        chosen as (
          select tenant_id, namespace, flow_id, trigger_id, share from (
            select *, row_number() over (partition by tenant_id order by next_execution_date) as turn from picked
          ) ranked
          order by turn, next_execution_date
          limit ${limit}
        )
        update triggers t set lock_owner = ${owner}, lock_until = ${until}::timestamptz
        from chosen
        where t.tenant_id = chosen.tenant_id and t.namespace = chosen.namespace and t.flow_id = chosen.flow_id and t.trigger_id = chosen.trigger_id
        returning t.tenant_id, t.namespace, t.flow_id, t.trigger_id, t.next_execution_date, chosen.share`,
  );
  return rows.map((r) => ({
    tenantId: String(r.tenant_id),
    namespace: String(r.namespace),
    flowId: String(r.flow_id),
    triggerId: String(r.trigger_id),
    nextExecutionDate: new Date(r.next_execution_date as string),
    share: Number(r.share),
  }));
}

/** Gives leased triggers back untouched (inside withWorkQueue): a pass met them again after firing them. */
export async function unleaseTriggers(tx: Tx, { owner, leased }: { owner: string; leased: readonly LeasedTrigger[] }): Promise<void> {
  if (leased.length === 0) return;
  await tx.execute(sql`
    update triggers t set lock_owner = null, lock_until = null
    from unnest(${textArray(leased.map((l) => l.tenantId))}::text[], ${textArray(leased.map((l) => l.namespace))}::text[],
      ${textArray(leased.map((l) => l.flowId))}::text[], ${textArray(leased.map((l) => l.triggerId))}::text[]) as v(tenant_id, namespace, flow_id, trigger_id)
    where t.tenant_id = v.tenant_id and t.namespace = v.namespace and t.flow_id = v.flow_id and t.trigger_id = v.trigger_id and t.lock_owner = ${owner}`);
}

function keyWhere(key: TriggerKey): SQL {
  return and(eq(triggers.namespace, key.namespace), eq(triggers.flowId, key.flowId), eq(triggers.triggerId, key.triggerId))!;
}

/** `(namespace, flow_id, trigger_id) in (the keys)`, one parameter per column. */
function keysIn(keys: readonly TriggerKey[]): SQL {
  return sql`(${triggers.namespace}, ${triggers.flowId}, ${triggers.triggerId}) in (select * from unnest(${textArray(keys.map((k) => k.namespace))}::text[], ${textArray(keys.map((k) => k.flowId))}::text[], ${textArray(keys.map((k) => k.triggerId))}::text[]))`;
}

/** The row, locked, if `owner` still holds its lease (in the tenant's transaction). */
export async function takeLeasedTrigger(tx: Tx, key: TriggerKey, owner: string): Promise<TriggerRow | null> {
  const [row] = await takeLeasedTriggers(tx, [key], owner);
  return row ?? null;
}

/** The rows, locked, whose lease `owner` still holds (in the tenant's transaction): one round trip. */
export async function takeLeasedTriggers(tx: Tx, keys: readonly TriggerKey[], owner: string): Promise<TriggerRow[]> {
  if (keys.length === 0) return [];
  return tx
    .select()
    .from(triggers)
    .where(and(keysIn(keys), eq(triggers.lockOwner, owner)))
    .for("update");
}

/**
 * takeLeasedTriggers with each trigger's flow as it is now (revision and definition; null
 * when the flow is gone), read in the same statement: the scheduler's fire needs both.
 */
export async function takeLeasedTriggersWithFlows(
  tx: Tx,
  keys: readonly TriggerKey[],
  owner: string,
): Promise<{ trigger: TriggerRow; flow: { revision: number; definition: typeof flows.$inferSelect.definition } | null }[]> {
  if (keys.length === 0) return [];
  const rows = await tx
    .select({ trigger: triggers, revision: flows.revision, definition: flows.definition })
    .from(triggers)
    .leftJoin(flows, and(eq(flows.tenantId, triggers.tenantId), eq(flows.namespace, triggers.namespace), eq(flows.id, triggers.flowId), eq(flows.deleted, false)))
    .where(and(keysIn(keys), eq(triggers.lockOwner, owner)))
    .for("update", { of: triggers });
  return rows.map((r) => ({ trigger: r.trigger, flow: r.revision === null || r.definition === null ? null : { revision: r.revision, definition: r.definition } }));
}

export type FireRecord = { next: Date | null; date?: Date; executionId?: string; backfill?: TriggerRow["backfill"] };

/** Records a pass of the scheduler over a leased trigger and drops the lease. */
export async function recordFires(tx: Tx, key: TriggerKey, update: FireRecord): Promise<void> {
  await recordFiresMany(tx, [{ key, update }]);
}

/** recordFires for many triggers of the tenant in one statement. */
export async function recordFiresMany(tx: Tx, records: readonly { key: TriggerKey; update: FireRecord }[]): Promise<void> {
  if (records.length === 0) return;
  await tx.execute(recordFiresStatement(records));
}

/** recordFiresMany's statement, for a caller that runs it within another (a data-modifying WITH). */
export function recordFiresStatement(records: readonly { key: TriggerKey; update: FireRecord }[]): SQL {
  const keys = records.map((r) => r.key);
  return sql`
    update triggers t set
      next_execution_date = v.next,
      date = coalesce(v.date, t.date),
      execution_id = coalesce(v.execution_id, t.execution_id),
      backfill = case when v.set_backfill then v.backfill::jsonb else t.backfill end,
      lock_owner = null, lock_until = null, updated_at = now()
    from unnest(
      ${textArray(keys.map((k) => k.namespace))}::text[], ${textArray(keys.map((k) => k.flowId))}::text[], ${textArray(keys.map((k) => k.triggerId))}::text[],
      ${textArray(records.map((r) => r.update.next?.toISOString() ?? null))}::timestamptz[],
      ${textArray(records.map((r) => r.update.date?.toISOString() ?? null))}::timestamptz[],
      ${textArray(records.map((r) => r.update.executionId ?? null))}::text[],
      ${`{${records.map((r) => (r.update.backfill !== undefined ? "t" : "f")).join(",")}}`}::boolean[],
      ${textArray(records.map((r) => (r.update.backfill ? JSON.stringify(r.update.backfill) : null)))}::text[]
    ) as v(namespace, flow_id, trigger_id, next, date, execution_id, set_backfill, backfill)
    where t.namespace = v.namespace and t.flow_id = v.flow_id and t.trigger_id = v.trigger_id`;
}

export type TriggerSearch = { q?: string; namespace?: string; flowId?: string; page: number; size: number; scope: string[] | null; exactNamespace?: boolean };

/** The tenant's triggers, paged, by namespace, flow and trigger id. */
export async function findTriggers(tx: Tx, search: TriggerSearch): Promise<{ rows: TriggerRow[]; total: number }> {
  const conditions: SQL[] = [];
  const scope = inScope(triggers.namespace, search.scope);
  if (scope) conditions.push(scope);
  if (search.namespace) conditions.push(search.exactNamespace ? eq(triggers.namespace, search.namespace) : namespaceIn(triggers.namespace, search.namespace));
  if (search.flowId) conditions.push(eq(triggers.flowId, search.flowId));
  if (search.q) {
    const like = `%${escapeLike(search.q)}%`;
    conditions.push(or(ilike(triggers.flowId, like), ilike(triggers.triggerId, like), ilike(triggers.namespace, like))!);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const rows = await tx
    .select()
    .from(triggers)
    .where(where)
    .orderBy(asc(triggers.namespace), asc(triggers.flowId), asc(triggers.triggerId))
    .limit(search.size)
    .offset((search.page - 1) * search.size);
  const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(triggers).where(where);
  return { rows, total: Number(count) };
}

/** Ids of the flow's triggers disabled in their state (API, page, Toggle task, stopAfter). */
export async function disabledTriggerIds(tx: Tx, { namespace, flowId }: { namespace: string; flowId: string }): Promise<Set<string>> {
  const rows = await tx
    .select({ id: triggers.triggerId })
    .from(triggers)
    .where(and(eq(triggers.namespace, namespace), eq(triggers.flowId, flowId), eq(triggers.disabled, true)));
  return new Set(rows.map((r) => r.id));
}

/** The tenant's disabled triggers, as `namespace flowId triggerId` keys (few: read whole). */
export async function disabledTriggerKeys(tx: Tx): Promise<Set<string>> {
  const rows = await tx.select({ namespace: triggers.namespace, flowId: triggers.flowId, id: triggers.triggerId }).from(triggers).where(eq(triggers.disabled, true));
  return new Set(rows.map((r) => `${r.namespace} ${r.flowId} ${r.id}`));
}

export async function getTrigger(tx: Tx, key: TriggerKey): Promise<TriggerRow | null> {
  const [row] = await tx.select().from(triggers).where(keyWhere(key));
  return row ?? null;
}

/**
 * Disables or enables a trigger. Enabling a Schedule schedules it from `now` on: the dates
 * it missed while disabled never fire.
 */
export async function setTriggerDisabled(
  tx: Tx,
  input: { key: TriggerKey; disabled: boolean; definition: TriggerDefinition | null; flowDisabled: boolean; now?: Date },
): Promise<TriggerRow | null> {
  const next = !input.disabled && !input.flowDisabled && !input.definition?.disabled ? firstDue(input.definition, input.now ?? new Date()) : null;
  const [row] = await tx
    .update(triggers)
    .set({ disabled: input.disabled, nextExecutionDate: next, updatedAt: sql`now()` })
    .where(keyWhere(input.key))
    .returning();
  return row ?? null;
}

/** Drops a trigger's lease (Kestra's unlock): a scheduler may take it again at once. */
export async function unlockTrigger(tx: Tx, key: TriggerKey): Promise<TriggerRow | null> {
  const [row] = await tx.update(triggers).set({ lockOwner: null, lockUntil: null, updatedAt: sql`now()` }).where(keyWhere(key)).returning();
  return row ?? null;
}

/** Schedules the flow's enabled Schedules from `now` on, as a fresh start would (tests, restart). */
export async function rescheduleFlowTriggers(tx: Tx, { namespace, flowId, definition, now }: { namespace: string; flowId: string; definition: FlowDefinition; now: Date }) {
  for (const trigger of definition.triggers ?? []) {
    const active = !definition.disabled && !trigger.disabled;
    await tx
      .update(triggers)
      .set({ nextExecutionDate: active ? firstDue(trigger, now) : null, updatedAt: sql`now()` })
      .where(and(eq(triggers.namespace, namespace), eq(triggers.flowId, flowId), eq(triggers.triggerId, trigger.id), eq(triggers.disabled, false)));
  }
}

/**
 * Starts a backfill of a Schedule: every cron date in [start, end] fires once, in order, with
 * the date as trigger.date. The trigger becomes due at once; its regular schedule resumes
 * from now when the backfill ends.
 */
export async function startBackfill(
  tx: Tx,
  input: { key: TriggerKey; spec: ScheduleSpec; start: Date; end: Date; inputs: Record<string, unknown> | null; labels: { key: string; value: string }[] | null; now: Date },
): Promise<TriggerRow | null> {
  const schedule = compileSchedule(input.spec);
  const first = schedule.next(new Date(input.start.getTime() - 1));
  let total = 0;
  for (let d = first; d && d.getTime() <= input.end.getTime() && total <= MAX_BACKFILL_DATES; d = schedule.next(d)) total++;
  if (total > MAX_BACKFILL_DATES) throw new RangeError(`a backfill covers at most ${MAX_BACKFILL_DATES} dates`);
  const [current] = await tx.select().from(triggers).where(keyWhere(input.key)).for("update");
  if (!current) return null;
  const backfill: TriggerBackfill = {
    start: input.start.toISOString(),
    end: input.end.toISOString(),
    currentDate: (first ?? input.end).toISOString(),
    paused: false,
    inputs: input.inputs,
    labels: input.labels,
    previousNextExecutionDate: current.nextExecutionDate?.toISOString() ?? null,
    done: 0,
    total,
  };
  const [row] = await tx.update(triggers).set({ backfill, nextExecutionDate: input.now, updatedAt: sql`now()` }).where(keyWhere(input.key)).returning();
  return row ?? null;
}

const MAX_BACKFILL_DATES = 100_000;

/** Pauses or resumes a trigger's backfill (a paused one fires nothing). */
export async function setBackfillPaused(tx: Tx, input: { key: TriggerKey; paused: boolean; now: Date }): Promise<TriggerRow | null> {
  const [current] = await tx.select().from(triggers).where(keyWhere(input.key)).for("update");
  if (!current?.backfill) return null;
  const [row] = await tx
    .update(triggers)
    .set({ backfill: { ...current.backfill, paused: input.paused }, nextExecutionDate: input.paused ? null : input.now, updatedAt: sql`now()` })
    .where(keyWhere(input.key))
    .returning();
  return row ?? null;
}

/** Drops a trigger's backfill; its regular schedule goes on from now. */
export async function deleteBackfill(tx: Tx, input: { key: TriggerKey; spec: ScheduleSpec | null; active: boolean; now: Date }): Promise<TriggerRow | null> {
  const [current] = await tx.select().from(triggers).where(keyWhere(input.key)).for("update");
  if (!current?.backfill) return null;
  const next = input.active && !current.disabled ? nextDate(input.spec, input.now) : null;
  const [row] = await tx.update(triggers).set({ backfill: null, nextExecutionDate: next, updatedAt: sql`now()` }).where(keyWhere(input.key)).returning();
  return row ?? null;
}

/** Kestra's restart of a trigger: no lease, next date from `now` (a backfill under way is due at once). */
export async function restartTrigger(
  tx: Tx,
  input: { key: TriggerKey; definition: TriggerDefinition | null; flowDisabled: boolean; now: Date },
): Promise<TriggerRow | null> {
  const [current] = await tx.select().from(triggers).where(keyWhere(input.key)).for("update");
  if (!current) return null;
  const active = !current.disabled && !input.flowDisabled && !input.definition?.disabled;
  const next = !active ? null : current.backfill && !current.backfill.paused ? input.now : nextDate(input.definition ? scheduleSpecOf(input.definition) : null, input.now);
  const [row] = await tx
    .update(triggers)
    .set({ lockOwner: null, lockUntil: null, nextExecutionDate: next, updatedAt: sql`now()` })
    .where(keyWhere(input.key))
    .returning();
  return row ?? null;
}
