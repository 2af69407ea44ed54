import { sql } from "drizzle-orm";
import type { Tx } from "../client";
import { rowsOf, textArray } from "./raw";

export type RateDemand = { tenantId: string; family: string; demand: number };

/** What the other live processes reported: how many there are, and per tenant and family their demand. */
export type RateShares = {
  otherProcesses: number;
  others: Map<string, { demand: number; processes: number }>;
};

/** The key of a tenant's limit family in RateShares.others. */
export const rateKey = (family: string, tenantId: string) => `${family}\u0000${tenantId}`;


/**
 * Publishes this process's heartbeat and its demand of the last interval (inside
 * withWorkQueue: one statement for every tenant), and reads what the other processes live
 * within `liveMs` reported for the keys it tracks. With `sweepBeforeMs`, rows of processes
 * gone that long are dropped. Times are the database's (`statement_timestamp()`), so web
 * processes on hosts whose clocks disagree still see each other; `now` overrides it (tests
 * with a simulated clock).
 */
export async function publishRateDemand(
  tx: Tx,
  input: { processId: string; now?: number; liveMs: number; demands: readonly RateDemand[]; tracked: readonly { tenantId: string; family: string }[]; sweepBeforeMs?: number },
): Promise<RateShares> {
  const now = input.now === undefined ? sql`statement_timestamp()` : sql`${new Date(input.now).toISOString()}::timestamptz`;
  const since = sql`(${now} - ${input.liveMs} * interval '1 millisecond')`;
  if (input.sweepBeforeMs !== undefined) {
    const before = sql`(${now} - ${input.sweepBeforeMs} * interval '1 millisecond')`;
    await tx.execute(sql`delete from rate_usage where seen_at < ${before}`);
    await tx.execute(sql`delete from rate_processes where seen_at < ${before}`);
  }
  const d = input.demands;
  const rows = await rowsOf<{ tenant_id: string | null; family: string | null; processes: number | string; demand: number | string | null }>(
    tx,
    sql`with beat as (
          insert into rate_processes (process_id, seen_at) values (${input.processId}, ${now})
          on conflict (process_id) do update set seen_at = excluded.seen_at
        ), usage as (
          insert into rate_usage (tenant_id, family, process_id, demand, seen_at)
          select v.tenant_id, v.family, ${input.processId}, v.demand, ${now}
          from unnest(${textArray(d.map((x) => x.tenantId))}::text[], ${textArray(d.map((x) => x.family))}::text[], ${`{${d.map((x) => x.demand).join(",")}}`}::int[]) as v(tenant_id, family, demand)
          on conflict (tenant_id, family, process_id) do update set demand = excluded.demand, seen_at = excluded.seen_at
        )
        select null as tenant_id, null as family, count(*) as processes, null as demand
          from rate_processes where seen_at > ${since} and process_id <> ${input.processId}
        union all
        select u.tenant_id, u.family, count(*), sum(u.demand)
          from rate_usage u
          join unnest(${textArray(input.tracked.map((k) => k.tenantId))}::text[], ${textArray(input.tracked.map((k) => k.family))}::text[]) as k(tenant_id, family)
            on u.tenant_id = k.tenant_id and u.family = k.family
          where u.seen_at > ${since} and u.process_id <> ${input.processId} and u.demand > 0
          group by u.tenant_id, u.family`,
  );
  const shares: RateShares = { otherProcesses: 0, others: new Map() };
  for (const row of rows) {
    if (row.tenant_id === null || row.family === null) shares.otherProcesses = Number(row.processes);
    else shares.others.set(rateKey(row.family, row.tenant_id), { demand: Number(row.demand), processes: Number(row.processes) });
  }
  return shares;
}
