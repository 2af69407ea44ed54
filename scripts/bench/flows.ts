import { sql } from "drizzle-orm";
import { closeDb, configureDb, getDb } from "../../db/client";
import { withTenant } from "../../db/tenant";
import { findFlows } from "../../db/queries/flows";
import { seedTenant } from "../../tests/helpers/seed";
import { validateFlowSource } from "../../engine/flow/validate";
import { summarize, type Target } from "./stats";

/**
 * Flows bench: (1) validate a 500-task flow; (2) list flows (first page, and a search)
 * in a tenant with 10,000 flows while nine others hold 90,000, on each database.
 */

function bigFlow(tasks: number): string {
  const lines = ["id: big", "namespace: bench.flows", "tasks:"];
  for (let i = 0; i < tasks; i++) {
    lines.push(`  - id: t${i}`, "    type: io.kestra.plugin.core.log.Log", `    message: "task {{ taskrun.id }} number ${i}"`);
  }
  return lines.join("\n") + "\n";
}

function benchValidate() {
  const source = bigFlow(500);
  validateFlowSource(source); // warm-up
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    const result = validateFlowSource(source);
    times.push(performance.now() - t0);
    if (!result.ok) throw new Error("the 500-task flow does not validate");
  }
  return summarize(times);
}

async function fill(tenantId: string, count: number) {
  const batch = 1000;
  for (let start = 0; start < count; start += batch) {
    await withTenant({ tenantId }, (tx) =>
      tx.execute(sql`
        insert into flows (tenant_id, namespace, id, revision, source, definition, labels, description)
        select ${tenantId}, 'company.team' || (g % 50), 'flow_' || g, 1,
               'id: flow_' || g || E'\\nnamespace: company.team' || (g % 50) || E'\\ntasks:\\n  - id: hello\\n    type: io.kestra.plugin.core.log.Log\\n    message: hi\\n',
               jsonb_build_object('id', 'flow_' || g, 'namespace', 'company.team' || (g % 50), 'tasks', jsonb_build_array(jsonb_build_object('id', 'hello', 'type', 'io.kestra.plugin.core.log.Log', 'message', 'hi'))),
               '[]'::jsonb, 'Flow number ' || g
        from generate_series(${start}::int, ${Math.min(start + batch, count) - 1}::int) g`),
    );
  }
}

async function benchList(target: Target) {
  const tenants: string[] = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < 10; i++) tenants.push((await seedTenant(`bench-${stamp}-${i}`)).id);
  const t0 = performance.now();
  for (const t of tenants) await fill(t, 10_000);
  const fillSeconds = (performance.now() - t0) / 1000;
  const { db } = await getDb();
  await db.execute(sql`analyze flows`);
  const measured = tenants[3];
  const run = async (search: Parameters<typeof findFlows>[1]) => {
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t = performance.now();
      const { results, total } = await withTenant({ tenantId: measured }, (tx) => findFlows(tx, search));
      times.push(performance.now() - t);
      if (i === 0 && (results.length === 0 || total === 0)) throw new Error("no flows listed");
    }
    return summarize(times.slice(10));
  };
  const firstPage = await run({ page: 1, size: 25, scope: null });
  const deepPage = await run({ page: 200, size: 25, scope: null });
  const search = await run({ q: "flow_77", page: 1, size: 25, scope: null });
  const namespace = await run({ namespace: "company.team7", page: 1, size: 25, scope: null });
  return { database: target.kind, fillSeconds: Number(fillSeconds.toFixed(1)), firstPage, deepPage, search, namespace };
}

export async function benchFlows(targets: Target[]) {
  const validate = benchValidate();
  console.log(`validate a 500-task flow: p50 ${validate.p50} ms, p95 ${validate.p95} ms`);
  const lists = [];
  for (const target of targets) {
    configureDb(target.config);
    try {
      const list = await benchList(target);
      lists.push(list);
      console.log(
        `list flows, 10,000 in the tenant / 100,000 in all (${list.database}): first page p50 ${list.firstPage.p50} ms p95 ${list.firstPage.p95} ms; ` +
          `page 200 p50 ${list.deepPage.p50} p95 ${list.deepPage.p95}; search q p50 ${list.search.p50} p95 ${list.search.p95}; ` +
          `namespace filter p50 ${list.namespace.p50} p95 ${list.namespace.p95} (fill ${list.fillSeconds} s)`,
      );
    } finally {
      await closeDb();
      await target.cleanup?.();
    }
  }
  return { validate, lists };
}

