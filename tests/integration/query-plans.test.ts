import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { testDatabaseUrl } from "../helpers/test-db";
import { closeDb, configureDb, getDb, type Tx } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { findExecutions, getExecution } from "@/db/queries/executions";
import { countInStates, executionsInStates, executionsPerDay, flowAndTriggerCounts } from "@/db/queries/dashboard";
import { findExecutionLogs, renderExecutionLogs, searchLogs } from "@/db/queries/logs";
import { findFlows, namespaceSummaries } from "@/db/queries/flows";
import { findTriggers } from "@/db/queries/triggers";
import { rowsOf } from "@/db/queries/raw";
import { seedTenant, uniqueTenantId } from "../helpers/seed";

/**
 * Issue 15: no list, search or dashboard query of a tenant reads other tenants' rows. Each
 * real query function runs once while a drizzle logger records its statements; each
 * SELECT is then EXPLAINed inside the tenant's transaction (RLS on, as the app role) with
 * sequential scans disabled, so the plan shows the index the planner would pick on large
 * tables. Every scan of a tenant table must go through an index whose first column is
 * tenant_id, with tenant_id in its index condition.
 */

const captured: { query: string; params: unknown[] }[] = [];
let capturing = false;
const logger = {
  logQuery(query: string, params: unknown[]) {
    if (capturing) captured.push({ query, params });
  },
};

let a: string;
let b: string;
let executionId: string;

beforeAll(async () => {
  // Reopen the file's database with the logger (tests/setup/db.ts configured it without).
  await closeDb();
  if (process.env.SWITCHYARD_TEST_DB === "postgres") configureDb({ kind: "postgres", url: testDatabaseUrl(), max: 2, logger });
  else configureDb({ kind: "pglite", dataDir: "memory://", logger });
  a = (await seedTenant(uniqueTenantId("plan-a"))).id;
  b = (await seedTenant(uniqueTenantId("plan-b"))).id;
  for (const tenant of [a, b]) {
    await withTenant({ tenantId: tenant }, async (tx) => {
      await tx.execute(sql`
        insert into flows (tenant_id, namespace, id, revision, source, definition, labels, description)
        select ${tenant}, 'company.team' || (g % 3), 'flow_' || g, 1, 'id: x', jsonb_build_object('id', 'flow_' || g, 'triggers', '[]'::jsonb), '[]'::jsonb, 'Flow ' || g
        from generate_series(0, 19) g`);
      await tx.execute(sql`
        insert into executions (tenant_id, id, namespace, flow_id, flow_revision, state, start_date, end_date, labels, document)
        select ${tenant}, 'ex' || g, 'company.team' || (g % 3), 'flow_' || (g % 20), 1,
          (array['SUCCESS', 'FAILED', 'RUNNING', 'KILLED'])[1 + g % 4], now() - g * interval '1 hour',
          case when g % 4 = 2 then null else now() - g * interval '1 hour' + (g % 7) * interval '1 second' end,
          jsonb_build_array(jsonb_build_object('key', 'env', 'value', 'prod')), '{}'::jsonb
        from generate_series(0, 199) g`);
      await tx.execute(sql`
        insert into logs (tenant_id, execution_id, namespace, flow_id, task_id, timestamp, level, message)
        select ${tenant}, 'ex' || (g % 200), 'company.team' || (g % 3), 'flow_' || (g % 20), 't1', now() - g * interval '1 minute',
          (array['INFO', 'WARN', 'ERROR', 'DEBUG'])[1 + g % 4], 'line ' || g
        from generate_series(0, 999) g`);
    });
  }
  executionId = "ex7";
  const { db } = await getDb();
  await db.execute(sql`analyze executions`);
  await db.execute(sql`analyze logs`);
  await db.execute(sql`analyze flows`);
});

afterAll(() => {
  capturing = false;
});

/** The statement again, its `$n` placeholders rebound to the recorded values, behind EXPLAIN. */
function explainOf(query: string, params: unknown[]): SQL {
  const parts = query.split(/\$(\d+)/);
  const chunks: SQL[] = [sql.raw("explain (format json) ")];
  parts.forEach((part, i) => chunks.push(i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`));
  return sql.join(chunks, sql.raw(""));
}

type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] };

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const TENANT_TABLES = new Set(["executions", "logs", "flows", "triggers"]);

class RolledBack extends Error {}

/** What is wrong with the plan: scans of tenant tables not confined by a tenant_id-first index. */
async function problemsOf(tx: Tx, plan: PlanNode): Promise<string[]> {
  const problems: string[] = [];
  const nodes = nodesOf(plan);
  for (const node of nodes) {
    const type = node["Node Type"];
    if (type === "Seq Scan" && node["Relation Name"] && TENANT_TABLES.has(node["Relation Name"])) problems.push(`sequential scan of ${node["Relation Name"]}`);
    if (type === "Index Scan" || type === "Index Only Scan" || type === "Bitmap Index Scan") {
      const index = node["Index Name"]!;
      const [first] = await rowsOf<{ column: string; table: string }>(
        tx,
        sql`select a.attname as column, t.relname as table from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
            join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0] where c.relname = ${index}`,
      );
      if (!first || !TENANT_TABLES.has(first.table)) continue;
      if (first.column !== "tenant_id") problems.push(`${type} on ${index}, whose first column is ${first.column}`);
      if (!(node["Index Cond"] ?? "").includes("tenant_id")) problems.push(`${type} on ${index} without tenant_id in its condition: ${node["Index Cond"] ?? "none"}`);
    }
  }
  return problems;
}

/** Runs `fn` in tenant A as the app does, then EXPLAINs each SELECT it sent; returns the plans' problems. */
async function checkPlans(fn: (tx: Tx) => Promise<unknown>) {
  captured.length = 0;
  capturing = true;
  try {
    await withTenant({ tenantId: a }, fn);
  } finally {
    capturing = false;
  }
  const statements = captured.filter((s) => /^\s*(with|select)\b/i.test(s.query) && !/set_config/.test(s.query));
  expect(statements.length).toBeGreaterThan(0);
  return withTenant({ tenantId: a }, async (tx) => {
    await tx.execute(sql`set local enable_seqscan = off`);
    const found: string[] = [];
    let tenantScans = 0;
    for (const s of statements) {
      const [row] = await rowsOf<{ "QUERY PLAN": unknown }>(tx, explainOf(s.query, s.params));
      const json = row["QUERY PLAN"];
      const [{ Plan }] = (typeof json === "string" ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
      for (const p of await problemsOf(tx, Plan)) found.push(`${p}\n  in: ${s.query}`);
      tenantScans += nodesOf(Plan).filter((n) => n["Relation Name"] && TENANT_TABLES.has(n["Relation Name"])).length;
    }
    // The plans were read: each case scans at least one tenant table.
    expect(tenantScans).toBeGreaterThan(0);
    return found;
  });
}

describe("query plans stay inside the tenant (EXPLAIN, sequential scans off)", () => {
  const cases: [string, (tx: Tx) => Promise<unknown>][] = [
    ["executions list, default sort", (tx) => findExecutions(tx, { page: 1, size: 25, scope: null })],
    ["executions list, state filter", (tx) => findExecutions(tx, { states: ["FAILED"], page: 1, size: 25, scope: null })],
    ["executions list, namespace filter", (tx) => findExecutions(tx, { namespace: "company.team1", page: 1, size: 25, scope: null })],
    ["executions list, flow and label filters", (tx) => findExecutions(tx, { namespace: "company.team1", flowId: "flow_4", labels: [{ key: "env", value: "prod" }], page: 1, size: 25, scope: null })],
    ["executions list, by duration", (tx) => findExecutions(tx, { sort: "state.duration:desc", page: 1, size: 25, scope: null })],
    ["executions list, text search and dates", (tx) => findExecutions(tx, { q: "flow_1", startDate: new Date(Date.now() - 86_400_000), page: 2, size: 10, scope: ["company"] })],
    ["one execution", (tx) => getExecution(tx, { id: executionId })],
    [
      "dashboard",
      async (tx) => {
        await executionsPerDay(tx, { days: 14, scope: null });
        await executionsInStates(tx, { states: ["RUNNING", "CREATED"], scope: null, limit: 6 });
        await countInStates(tx, { states: ["RUNNING", "CREATED"], scope: null });
        await executionsInStates(tx, { states: ["FAILED", "KILLED"], scope: ["company.team1"], limit: 6 });
        await flowAndTriggerCounts(tx, { scope: null });
      },
    ],
    ["logs search, every level", (tx) => searchLogs(tx, { page: 1, size: 25, scope: null })],
    ["logs search, ERROR, text and namespace", (tx) => searchLogs(tx, { minLevel: "ERROR", q: "line", namespace: "company.team2", page: 1, size: 25, scope: null })],
    ["one execution's logs", (tx) => findExecutionLogs(tx, { executionId, minLevel: "INFO" })],
    ["one execution's logs, rendered", (tx) => renderExecutionLogs(tx, { executionId, limit: 500, render: "compact" })],
    ["flows list and search", async (tx) => {
      await findFlows(tx, { page: 1, size: 25, scope: null });
      await findFlows(tx, { q: "flow_1", namespace: "company", page: 1, size: 25, scope: null });
    }],
    ["namespaces", (tx) => namespaceSummaries(tx, { scope: null })],
    ["triggers list", (tx) => findTriggers(tx, { page: 1, size: 25, scope: null })],
  ];
  for (const [name, fn] of cases) {
    test(name, async () => {
      expect(await checkPlans(fn)).toEqual([]);
    });
  }

  test.skipIf(process.env.SWITCHYARD_TEST_DB !== "postgres")("the README's opt-in trigram index: a word search of the logs then goes through it, tenant first", async () => {
    // Enough lines that reading all of the tenant's costs more than the trigram lookup, as it
    // does at scale; five of them carry the word, in each tenant.
    for (const tenant of [a, b]) {
      await withTenant({ tenantId: tenant }, async (tx) => {
        await tx.execute(sql`
          insert into logs (tenant_id, execution_id, namespace, flow_id, task_id, timestamp, level, message)
          select ${tenant}, 'ex' || (g % 200), 'company.team0', 'flow_0', 't1', now() - g * interval '1 second', 'INFO', 'part ' || g || ' uploaded'
          from generate_series(0, 19999) g`);
        await tx.execute(sql`
          insert into logs (tenant_id, execution_id, namespace, flow_id, task_id, timestamp, level, message)
          select ${tenant}, 'ex' || g, 'company.team0', 'flow_0', 't1', now() - g * interval '1 second', 'ERROR', 'upload of part ' || g || ' failed: checksum mismatch'
          from generate_series(0, 4) g`);
      });
    }
    const { db } = await getDb();
    // Not by default (ALTER ... LEAKPROOF is database-wide): the migrations leave texticlike as it is.
    const [before] = await rowsOf<{ proleakproof: boolean }>(db, sql`select proleakproof from pg_proc where oid = 'pg_catalog.texticlike(text, text)'::regprocedure`);
    expect(before.proleakproof).toBe(false);
    expect((await withTenant({ tenantId: a }, (tx) => searchLogs(tx, { q: "checksum", page: 1, size: 25, scope: null }))).total).toBe(5);
    // The operator's step (README, Benchmarks), on this file's own database.
    await db.execute(sql`create extension if not exists pg_trgm`);
    await db.execute(sql`create extension if not exists btree_gin`);
    await db.execute(sql`create index if not exists logs_tenant_message_trgm_idx on logs using gin (tenant_id, message gin_trgm_ops)`);
    await db.execute(sql`alter function pg_catalog.texticlike(text, text) leakproof`);
    await db.execute(sql`analyze logs`);
    const found = await withTenant({ tenantId: a }, (tx) => searchLogs(tx, { q: "checksum", page: 1, size: 25, scope: null }));
    expect(found.total).toBe(5);
    captured.length = 0;
    capturing = true;
    try {
      await withTenant({ tenantId: a }, (tx) => searchLogs(tx, { q: "checksum", page: 1, size: 25, scope: null }));
    } finally {
      capturing = false;
    }
    const statements = captured.filter((s) => /^\s*select\b/i.test(s.query) && /ilike/i.test(s.query));
    // The page and its count.
    expect(statements).toHaveLength(2);
    await withTenant({ tenantId: a }, async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      for (const s of statements) {
        const [row] = await rowsOf<{ "QUERY PLAN": unknown }>(tx, explainOf(s.query, s.params));
        const json = row["QUERY PLAN"];
        const [{ Plan }] = (typeof json === "string" ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
        const scan = nodesOf(Plan).find((n) => n["Index Name"] === "logs_tenant_message_trgm_idx");
        expect(scan, JSON.stringify(Plan)).toBeDefined();
        // Both columns of the index narrow the scan: the tenant and the word's trigrams.
        expect(scan!["Index Cond"]).toContain("tenant_id");
        expect(scan!["Index Cond"]).toContain("message");
        expect(await problemsOf(tx, Plan)).toEqual([]);
      }
    });
  });

  test("the list sorts by Kestra's state.duration (end minus start), both ways", async () => {
    const durations = async (sort: string) => {
      const { results } = await withTenant({ tenantId: a }, (tx) => findExecutions(tx, { sort, page: 1, size: 200, scope: null }));
      return results.filter((r) => r.endDate).map((r) => r.endDate!.getTime() - r.startDate.getTime());
    };
    const desc = await durations("state.duration:desc");
    const asc = await durations("state.duration:asc");
    expect(desc.length).toBe(150);
    expect(desc).toEqual([...desc].sort((x, y) => y - x));
    expect(asc).toEqual([...asc].sort((x, y) => x - y));
    expect(desc[0]).toBe(6000);
  });

  test("the check fails a sequential scan and an index that does not lead with tenant_id", async () => {
    // No index of a tenant table leads with anything but tenant_id any more: the example is made
    // for the check, in a transaction of the owner that is rolled back.
    const { db } = await getDb();
    let problems: string[] = [];
    await db
      .transaction(async (tx: Tx) => {
        await tx.execute(sql`create index query_plans_probe_idx on triggers (next_execution_date)`);
        problems = await problemsOf(tx, {
          "Node Type": "Nested Loop",
          Plans: [
            { "Node Type": "Seq Scan", "Relation Name": "logs" },
            { "Node Type": "Index Scan", "Relation Name": "triggers", "Index Name": "query_plans_probe_idx", "Index Cond": "(next_execution_date <= now())" },
            { "Node Type": "Index Scan", "Relation Name": "executions", "Index Name": "executions_tenant_start_idx", "Index Cond": "(tenant_id = 'x'::text)" },
          ],
        });
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
    expect(problems).toEqual([
      "sequential scan of logs",
      "Index Scan on query_plans_probe_idx, whose first column is next_execution_date",
      "Index Scan on query_plans_probe_idx without tenant_id in its condition: (next_execution_date <= now())",
    ]);
    expect(b).not.toBe(a);
  });
});
