import { sql } from "drizzle-orm";
import { closeDb, configureDb, getDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { rowsOf } from "../../db/queries/raw";
import { createScheduler } from "../../engine/scheduler";
import { seedTenant } from "../../tests/helpers/seed";
import { summarize, type Target } from "./stats";

/**
 * Scheduler lag: 100 tenants × 50 flows, each with a `* * * * *` Schedule (5,000 due each
 * minute; BENCH_SCHEDULER_TENANTS scales it down). The scheduler's clock is fake but runs in real time from each due minute, so a
 * fire's lag is the real time from the due instant to its commit (the database work is
 * real). Two minutes are fired; every fire is checked: none lost, none doubled.
 */
const TENANTS = Number(process.env.BENCH_SCHEDULER_TENANTS ?? 100);
const FLOWS = 50;
const MINUTES = Number(process.env.BENCH_SCHEDULER_MINUTES ?? 2);
const FIRST_DUE = Date.parse("2031-01-01T00:01:00Z");

async function seed(stamp: string): Promise<string[]> {
  const tenants: string[] = [];
  for (let i = 0; i < TENANTS; i++) tenants.push((await seedTenant(`sched-${stamp}-${i}`)).id);
  const due = new Date(FIRST_DUE).toISOString();
  for (const tenantId of tenants) {
    await withTenant({ tenantId }, async (tx) => {
      await tx.execute(sql`
        insert into flows (tenant_id, namespace, id, revision, source, definition, labels, description)
        select ${tenantId}, 'bench.sched', 'f' || g, 1, 'id: f' || g,
          jsonb_build_object('id', 'f' || g, 'namespace', 'bench.sched',
            'tasks', jsonb_build_array(jsonb_build_object('id', 't', 'type', 'io.kestra.plugin.core.debug.Return', 'format', 'x')),
            'triggers', jsonb_build_array(jsonb_build_object('id', 'every', 'type', 'io.kestra.plugin.core.trigger.Schedule', 'cron', '* * * * *', 'timezone', 'UTC'))),
          '[]'::jsonb, null
        from generate_series(1, ${FLOWS}) g`);
      await tx.execute(sql`
        insert into triggers (tenant_id, namespace, flow_id, trigger_id, type, flow_revision, schedule_key, next_execution_date)
        select ${tenantId}, 'bench.sched', 'f' || g, 'every', 'io.kestra.plugin.core.trigger.Schedule', 1, '["* * * * *",false,"UTC"]', ${due}::timestamptz
        from generate_series(1, ${FLOWS}) g`);
    });
  }
  return tenants;
}

export type SchedulerFigures = { kind: string; schedules: number; tenants: number; fires: number; lag: ReturnType<typeof summarize>; lost: number; doubled: number; secondsPerMinute: number[] };

export async function benchScheduler(target: Target): Promise<SchedulerFigures> {
  configureDb(target.config);
  try {
    await getDb();
    const stamp = Date.now().toString(36);
    const t = performance.now();
    const tenants = await seed(stamp);
    console.log(`[scheduler bench] ${target.kind}: ${TENANTS * FLOWS} schedules seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const lags: number[] = [];
    const secondsPerMinute: number[] = [];
    for (let minute = 0; minute < MINUTES; minute++) {
      const due = FIRST_DUE + minute * 60_000;
      const t0 = performance.now();
      const clock = () => new Date(due + (performance.now() - t0));
      // Two schedulers side by side on PostgreSQL (two processes' worth); one on PGlite (one connection).
      const count = target.kind === "postgres" ? 2 : 1;
      const schedulers = Array.from({ length: count }, (_, i) =>
        createScheduler({
          tenants,
          clock,
          owner: `bench-${i}`,
          // The scheduler's own lease size and chunking; one connection on PGlite.
          ...(target.kind === "postgres" ? {} : { concurrency: 1 }),
          onFired: (trigger, created, at) => {
            for (let k = 0; k < created; k++) lags.push(at.getTime() - trigger.nextExecutionDate.getTime());
          },
        }),
      );
      await Promise.all(schedulers.map((s) => s.tick()));
      secondsPerMinute.push(Number(((performance.now() - t0) / 1000).toFixed(2)));
      console.log(`[scheduler bench] ${target.kind}: minute ${minute + 1} fired in ${secondsPerMinute[minute]} s`);
    }
    let fires = 0;
    let doubled = 0;
    for (const tenantId of tenants) {
      const [row] = await withTenant({ tenantId }, (tx) =>
        rowsOf<{ n: number; d: number }>(tx, sql`select count(*)::int as n, count(distinct (flow_id, document->'trigger'->'variables'->>'date'))::int as d from executions`),
      );
      fires += Number(row.n);
      doubled += Number(row.n) - Number(row.d);
    }
    const expected = TENANTS * FLOWS * MINUTES;
    return { kind: target.kind, schedules: TENANTS * FLOWS, tenants: TENANTS, fires, lag: summarize(lags), lost: expected - (fires - doubled), doubled, secondsPerMinute };
  } finally {
    await closeDb();
    await target.cleanup?.();
  }
}
