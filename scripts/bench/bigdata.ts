import postgres from "postgres";
import { closeDb, configureDb, getDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { findExecutions, type ExecutionSearch } from "../../db/queries/executions";
import { countInStates, executionsInStates, executionsPerDay, flowAndTriggerCounts } from "../../db/queries/dashboard";
import { searchLogs } from "../../db/queries/logs";
import { summarize } from "./stats";

/**
 * Large tables bench: 1,000,000 executions and 10,000,000 log lines over 100 tenants
 * (BIGDATA_SCALE scales both; 0.1 is a tenth), seeded once with `generate_series` into a
 * database kept between runs (`switchyard_bigdata`, or `switchyard_bigdata_<scale>`),
 * then p95 of one tenant's executions list, dashboard and logs search through the real
 * query functions and `withTenant` (so RLS, SET LOCAL ROLE and the transaction count).
 */

const TENANTS = 100;
const LOGS_PER_EXECUTION = 10;
const FLOWS_PER_TENANT = 100;
/** Which tenant is measured: a middle one, so its rows sit among everyone else's. */
const MEASURED = "big-042";

const RUNNING = ["CREATED", "QUEUED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "RETRYING"];
const FAILURES = ["FAILED", "KILLED"];

function tenantId(i: number) {
  return `big-${String(i).padStart(3, "0")}`;
}

function databaseName(scale: number) {
  return scale === 1 ? "switchyard_bigdata" : `switchyard_bigdata_${String(scale).replace(/[^0-9]/g, "_")}`;
}

/** The seed's mark, a comment on the database, so an interrupted seed is redone and a finished one is reused. */
function seedMark(executions: number, logs: number) {
  return `switchyard bigdata seed v1: ${executions} executions, ${logs} log lines, ${TENANTS} tenants`;
}

/**
 * One tenant's executions in one statement. States, durations, namespaces (a two-level tree),
 * flows and labels come from hashes of the row number, so every run seeds the same data.
 * Start dates spread over the last 90 days, oldest first, like a real history.
 */
function executionsSql(tenant: string, count: number) {
  return `
  insert into executions (tenant_id, id, namespace, flow_id, flow_revision, state, start_date, end_date, labels, document, version, deleted, updated_at)
  select r.tenant_id, r.id, r.namespace, r.flow_id, 1, r.state, r.start_date, r.end_date, r.labels,
    jsonb_build_object(
      'id', r.id, 'namespace', r.namespace, 'flowId', r.flow_id, 'flowRevision', 1,
      'state', jsonb_build_object('current', r.state,
        'histories', jsonb_build_array(jsonb_build_object('state', 'CREATED', 'date', r.start_date), jsonb_build_object('state', 'RUNNING', 'date', r.start_date))
          || case when r.end_date is null then '[]'::jsonb else jsonb_build_array(jsonb_build_object('state', r.state, 'date', r.end_date)) end,
        'startDate', r.start_date, 'endDate', r.end_date, 'duration', 'PT' || r.seconds || 'S'),
      'taskRunList', jsonb_build_array(
        jsonb_build_object('id', substr(md5(r.id || 'a'), 1, 22), 'executionId', r.id, 'namespace', r.namespace, 'flowId', r.flow_id, 'taskId', 'extract', 'parentTaskRunId', null, 'value', null,
          'state', jsonb_build_object('current', 'SUCCESS', 'histories', '[]'::jsonb, 'startDate', r.start_date, 'endDate', r.end_date, 'duration', 'PT1S'), 'attempts', '[]'::jsonb, 'outputs', jsonb_build_object('rows', r.h % 5000)),
        jsonb_build_object('id', substr(md5(r.id || 'b'), 1, 22), 'executionId', r.id, 'namespace', r.namespace, 'flowId', r.flow_id, 'taskId', 'load', 'parentTaskRunId', null, 'value', null,
          'state', jsonb_build_object('current', r.state, 'histories', '[]'::jsonb, 'startDate', r.start_date, 'endDate', r.end_date, 'duration', 'PT' || r.seconds || 'S'), 'attempts', '[]'::jsonb, 'outputs', '{}'::jsonb)),
      'inputs', jsonb_build_object('day', to_char(r.start_date, 'YYYY-MM-DD'), 'limit', r.h2 % 1000),
      'outputs', null, 'labels', r.labels, 'trigger', null, 'parentId', null, 'originalId', r.id),
    1, false, coalesce(r.end_date, r.start_date)
  from (
    select s.*, 
      case when s.state in ('RUNNING', 'PAUSED', 'CREATED', 'QUEUED') then null else s.start_date + s.seconds * interval '1 second' end as end_date
    from (
      select '${tenant}'::text as tenant_id, substr(md5('${tenant}:' || g), 1, 22) as id, h, h2,
        'company.team' || (h % 5) || '.svc' || (h2 % 4) as namespace,
        'flow_' || (h2 % 25) as flow_id,
        case when h % 100 < 80 then 'SUCCESS' when h % 100 < 88 then 'FAILED' when h % 100 < 92 then 'WARNING' when h % 100 < 94 then 'KILLED'
             when h % 100 < 96 then 'RUNNING' when h % 100 < 97 then 'QUEUED' when h % 100 < 98 then 'CREATED' when h % 100 < 99 then 'PAUSED' else 'CANCELLED' end as state,
        now() - interval '90 days' * (1 - g::float8 / ${count}) - (h2 % 600) * interval '1 second' as start_date,
        ((h2 % 1000)::float8 ^ 2 / 1000.0)::numeric(10, 3) as seconds,
        jsonb_build_array(jsonb_build_object('key', 'env', 'value', (array['prod', 'staging', 'dev'])[1 + h % 3]), jsonb_build_object('key', 'team', 'value', 'team' || (h2 % 7))) as labels
      from (select g, abs(hashtext('${tenant}:' || g)) as h, abs(hashtext(g || ':${tenant}')) as h2 from generate_series(0, ${count - 1}) g) x
    ) s
  ) r`;
}

/** One tenant's log lines: LOGS_PER_EXECUTION per execution, levels mostly INFO, a few words that a search finds. */
function logsSql(tenant: string) {
  return `
  insert into logs (tenant_id, execution_id, namespace, flow_id, task_id, task_run_id, attempt_number, trigger_id, timestamp, level, message)
  select e.tenant_id, e.id, e.namespace, e.flow_id, case when n < 5 then 'extract' else 'load' end, substr(md5(e.id || case when n < 5 then 'a' else 'b' end), 1, 22), 0, null,
    e.start_date + n * interval '173 milliseconds',
    case when h % 100 < 5 then 'DEBUG' when h % 100 < 90 then 'INFO' when h % 100 < 97 then 'WARN' else 'ERROR' end,
    case h % 6
      when 0 then 'Fetched ' || (h % 5000) || ' rows from https://api.example.com/v1/orders?page=' || n
      when 1 then 'Processing batch ' || n || ' of ' || ${LOGS_PER_EXECUTION} || ' for ' || e.flow_id
      when 2 then 'Wrote s3://warehouse/' || e.namespace || '/' || to_char(e.start_date, 'YYYY/MM/DD') || '/part-' || n || '.parquet'
      when 3 then 'HTTP 200 in ' || (h % 900) || ' ms'
      when 4 then case when h % 100 >= 97 then 'Connection timeout after 30000 ms to db-' || (h % 9) || '.internal' else 'Retry ' || (h % 3) || ' scheduled' end
      else 'Task ' || case when n < 5 then 'extract' else 'load' end || ' finished with ' || (h % 20) || ' warnings'
    end
  from executions e cross join generate_series(0, ${LOGS_PER_EXECUTION - 1}) n
  cross join lateral (select abs(hashtext(e.id || ':' || n)) as h) hh
  where e.tenant_id = '${tenant}'
  order by e.start_date, n`;
}

function flowsSql(tenant: string) {
  return `
  insert into flows (tenant_id, namespace, id, revision, source, definition, labels, description)
  select '${tenant}', 'company.team' || (g % 5) || '.svc' || (g / 5 % 4), 'flow_' || (g % 25), 1,
    'id: flow_' || (g % 25) || E'\\nnamespace: company.team' || (g % 5) || '.svc' || (g / 5 % 4) || E'\\ntasks:\\n  - id: extract\\n    type: io.kestra.plugin.core.log.Log\\n    message: hi\\ntriggers:\\n  - id: daily\\n    type: io.kestra.plugin.core.trigger.Schedule\\n    cron: "0 2 * * *"\\n',
    jsonb_build_object('id', 'flow_' || (g % 25), 'namespace', 'company.team' || (g % 5) || '.svc' || (g / 5 % 4),
      'tasks', jsonb_build_array(jsonb_build_object('id', 'extract', 'type', 'io.kestra.plugin.core.log.Log', 'message', 'hi')),
      'triggers', jsonb_build_array(jsonb_build_object('id', 'daily', 'type', 'io.kestra.plugin.core.trigger.Schedule', 'cron', '0 2 * * *'))),
    '[]'::jsonb, 'Flow ' || g
  from generate_series(0, ${FLOWS_PER_TENANT - 1}) g
  on conflict do nothing`;
}

async function seed(url: string, executionsTotal: number) {
  const perTenant = Math.max(1, Math.round(executionsTotal / TENANTS));
  const sqlc = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const t0 = performance.now();
    // Superuser session: RLS does not apply; the foreign-key triggers of logs are skipped
    // (every line is made from an existing execution of the same tenant).
    await sqlc.unsafe(`set session_replication_role = replica`);
    await sqlc.unsafe(`truncate logs, executions cascade`);
    await sqlc.unsafe(`insert into tenants (id, name) select 'big-' || lpad(g::text, 3, '0'), 'Bigdata ' || g from generate_series(0, ${TENANTS - 1}) g on conflict do nothing`);
    for (let i = 0; i < TENANTS; i++) {
      await sqlc.unsafe(flowsSql(tenantId(i)));
      await sqlc.unsafe(executionsSql(tenantId(i), perTenant));
      if (i % 10 === 9) console.log(`  executions: ${i + 1}/${TENANTS} tenants (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    for (let i = 0; i < TENANTS; i++) {
      await sqlc.unsafe(logsSql(tenantId(i)));
      if (i % 10 === 9) console.log(`  logs: ${i + 1}/${TENANTS} tenants (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
    await sqlc.unsafe(`vacuum analyze executions`);
    await sqlc.unsafe(`vacuum analyze logs`);
    await sqlc.unsafe(`vacuum analyze flows`);
    return (performance.now() - t0) / 1000;
  } finally {
    await sqlc.end();
  }
}

/** The database, migrated and seeded; reused when an earlier run finished the seed at the same scale. */
async function prepare(base: string, scale: number) {
  const executionsTotal = Math.round(1_000_000 * scale);
  const logsTotal = executionsTotal * LOGS_PER_EXECUTION;
  const name = databaseName(scale);
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const url = new URL(base);
  url.pathname = `/${name}`;
  let seconds: number | null = null;
  try {
    const [exists] = await admin`select shobj_description(oid, 'pg_database') as mark from pg_database where datname = ${name}`;
    const mark = seedMark(executionsTotal, logsTotal);
    if (exists?.mark === mark) {
      console.log(`bigdata: reusing ${name} (${mark})`);
    } else {
      if (!exists) await admin.unsafe(`create database ${name}`);
      // Migrations run on the first connection of the app's client.
      configureDb({ kind: "postgres", url: url.toString(), max: 2 });
      await getDb();
      await closeDb();
      console.log(`bigdata: seeding ${name}: ${executionsTotal} executions, ${logsTotal} log lines over ${TENANTS} tenants`);
      seconds = await seed(url.toString(), executionsTotal);
      await admin.unsafe(`comment on database ${name} is '${mark}'`);
    }
  } finally {
    await admin.end();
  }
  return { url: url.toString(), name, executionsTotal, logsTotal, seedSeconds: seconds };
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

export async function benchBigdata() {
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!base) {
    console.log("bigdata: BENCH_DATABASE_URL (or TEST_DATABASE_URL) is not set: skipped (it needs PostgreSQL).");
    return null;
  }
  const scale = Number(process.env.BIGDATA_SCALE ?? "1");
  if (!(scale > 0 && scale <= 1)) throw new Error("BIGDATA_SCALE must be in (0, 1]");
  const runs = Number(process.env.BIGDATA_RUNS ?? "100");
  const db = await prepare(base, scale);
  configureDb({ kind: "postgres", url: db.url, max: 4 });
  const ctx = { tenantId: MEASURED };
  try {
    const list = (s: Partial<ExecutionSearch>) => () => withTenant(ctx, (tx) => findExecutions(tx, { page: 1, size: 25, scope: null, ...s }));
    const [{ total }] = await Promise.all([list({})()]);
    if (total === 0) throw new Error(`no executions in ${MEASURED}`);
    const figures = {
      listDefault: await timed(runs, list({})),
      listState: await timed(runs, list({ states: ["FAILED"] })),
      listNamespace: await timed(runs, list({ namespace: "company.team1" })),
      listDuration: await timed(runs, list({ sort: "state.duration:desc" })),
      listPage40: await timed(runs, list({ page: 40 })),
      dashboard: await timed(runs, () =>
        withTenant(ctx, async (tx) => {
          await executionsPerDay(tx, { days: 14, scope: null });
          await executionsInStates(tx, { states: RUNNING, scope: null, limit: 6 });
          await countInStates(tx, { states: RUNNING, scope: null });
          await executionsInStates(tx, { states: FAILURES, scope: null, limit: 6 });
          await flowAndTriggerCounts(tx, { scope: null });
        }),
      ),
      logsDefault: await timed(runs, () => withTenant(ctx, (tx) => searchLogs(tx, { page: 1, size: 25, scope: null }))),
      logsError: await timed(runs, () => withTenant(ctx, (tx) => searchLogs(tx, { minLevel: "ERROR", page: 1, size: 25, scope: null }))),
      logsText: await timed(runs, () => withTenant(ctx, (tx) => searchLogs(tx, { q: "timeout", page: 1, size: 25, scope: null }))),
    };
    return { ...db, scale, tenantExecutions: total, figures };
  } finally {
    await closeDb();
  }
}
