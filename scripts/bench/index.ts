import fs from "node:fs";
import { benchFlows } from "./flows";
import { benchEngine } from "./engine";
import { benchScripts } from "./scripts";
import { benchStall } from "./stall";
import { benchTargets } from "./stats";
import { benchScheduler } from "./scheduler";
import { benchWebhook } from "./webhook";
import { benchBigdata } from "./bigdata";
import { benchNoisy } from "./noisy";

import { benchProcesses } from "./processes";

/**
 * `npm run bench [flows] [engine] [stall] [scripts] [scheduler] [webhook] [bigdata] [noisy] [processes]`: prints each figure. BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) adds PostgreSQL; the engine bench needs a production build (.next).
 */
async function main() {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want("flows")) await benchFlows(await benchTargets());
  if (want("scripts")) benchScripts();
  if (want("scheduler")) {
    for (const target of (await benchTargets()).filter((t) => !process.env.BENCH_ENGINE || t.kind === process.env.BENCH_ENGINE)) {
      const r = await benchScheduler(target);
      console.log(
        `scheduler (${r.kind}, ${r.schedules} schedules due each minute across ${r.tenants} tenants, ${r.secondsPerMinute.length} minutes): lag p50 ${r.lag.p50} ms, p95 ${r.lag.p95} ms, p99 ${r.lag.p99} ms (n=${r.lag.n}); ` +
          `each minute worked off in ${r.secondsPerMinute.join(" s, ")} s; fires ${r.fires}, lost ${r.lost}, doubled ${r.doubled}`,
      );
    }
  }
  if (want("webhook")) {
    for (const target of (await benchTargets()).filter((t) => !process.env.BENCH_ENGINE || t.kind === process.env.BENCH_ENGINE)) {
      const r = await benchWebhook(target);
      console.log(
        `webhook → SUCCESS (${r.kind}, wait: true, ${r.rate} calls/s for ${r.seconds} s across ${r.tenants} tenants): p50 ${r.latency.p50} ms, p95 ${r.latency.p95} ms, p99 ${r.latency.p99} ms (n=${r.latency.n}), not SUCCESS ${r.failed}`,
      );
    }
  }
  if (only.includes("bigdata")) {
    const r = await benchBigdata();
    if (r) {
      const f = r.figures;
      const line = (name: string, s: { p50: number; p95: number; n: number }) => `${name} p50 ${s.p50} ms p95 ${s.p95} ms`;
      console.log(
        `bigdata (postgres, ${r.executionsTotal} executions and ${r.logsTotal} log lines over 100 tenants, ${r.tenantExecutions} in the measured tenant` +
          (r.seedSeconds !== null ? `, seeded in ${r.seedSeconds.toFixed(0)} s` : ", seed reused") +
          `, n=${f.listDefault.n} each): executions list first page: ${line("default sort", f.listDefault)}; ${line("state FAILED", f.listState)}; ` +
          `${line("namespace", f.listNamespace)}; ${line("by duration", f.listDuration)}; ${line("page 40", f.listPage40)} (goal p95 ≤ 30); ` +
          `${line("dashboard (5 queries)", f.dashboard)} (goal p95 ≤ 100); logs search: ${line("first page", f.logsDefault)}; ${line("ERROR", f.logsError)}; ${line("q=timeout", f.logsText)}`,
      );
    }
  }
  if (only.includes("noisy")) {
    const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    if (!fs.existsSync(".next/BUILD_ID")) throw new Error("the noisy bench needs a production build: run `npm run build` first");
    if (!pg) console.log("noisy: BENCH_DATABASE_URL (or TEST_DATABASE_URL) is not set: skipped (it needs PostgreSQL).");
    else {
      const r = await benchNoisy(pg);
      console.log(
        `noisy neighbour (postgres, 1 process): tenant B's start→SUCCESS alone p50 ${r.alone.p50} ms p99 ${r.alone.p99} ms; while tenant A has ${r.queuedAtStart} executions queued ` +
          `(${r.flood} written in ${r.floodSeconds} s, ${r.queuedAtEnd} still queued when B finished) p50 ${r.under.p50} ms p99 ${r.under.p99} ms (n=${r.under.n}) → p99 ratio ${r.ratio} (goal ≤ 1.5)`,
      );
      console.log(
        `event-loop delay of the web process while an execution logs ${r.chatty.lines} lines (${r.chatty.state} in ${r.chatty.seconds} s): p50 ${r.chatty.lag.p50} ms, p99 ${r.chatty.lag.p99} ms, max ${r.chatty.lag.max} ms (goal ~100); ` +
          `/api/health meanwhile p50 ${r.chatty.health.p50} ms p99 ${r.chatty.health.p99} ms (n=${r.chatty.health.n})`,
      );
    }
  }
  if (only.includes("processes")) {
    // Not in the default set: it starts five servers one after the other (a few minutes).
    if (!fs.existsSync(".next/BUILD_ID")) throw new Error("the processes bench needs a production build: run `npm run build` first");
    const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
    const r = await benchProcesses(base);
    console.log(
      `processes (PostgreSQL, STORAGE_URL=postgres, ${r.clients} clients, wait=true, Write+Log flow, ${r.seconds} s each): ` +
        `1 process ${r.single.perMinute}/min, p50 ${r.single.p50} ms, p99 ${r.single.p99} ms (n=${r.single.n}, failed ${r.single.failed}); ` +
        `2 web + 2 worker ${r.many.perMinute}/min, p50 ${r.many.p50} ms, p99 ${r.many.p99} ms (n=${r.many.n}, failed ${r.many.failed}) → throughput ratio ${r.ratio}`,
    );
  }
  await stall(only);
  if (want("engine")) {
    if (!fs.existsSync(".next/BUILD_ID")) throw new Error("the engine bench needs a production build: run `npm run build` first");
    const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
    const kinds = (pg ? ["pglite", "postgres"] : ["pglite"]).filter((k) => !process.env.BENCH_ENGINE || k === process.env.BENCH_ENGINE) as ("pglite" | "postgres")[];
    for (const kind of kinds) {
      const r = await benchEngine(kind, pg);
      console.log(
        `engine (${r.kind}, ${r.clients} HTTP clients, wait=true): (a) ${r.a.perMinute} executions/min, start→SUCCESS p50 ${r.a.p50} ms p99 ${r.a.p99} ms (n=${r.a.count})` +
          (r.commitsPerExecution !== null ? `, ${r.commitsPerExecution} commits per execution` : "") +
          `, CPU per execution: server ${r.cpu.server} ms, PostgreSQL ${r.cpu.postgres} ms, bench client ${r.cpu.client} ms` +
          `; (b) 40 sequential Return tasks ${r.b} ms; (c) ForEach over 100 values ${r.c} ms` +
          (r.d ? `; (d) RLS off ${r.d.off}/min vs on ${r.d.on}/min (means of 2 runs each) → off/on throughput ratio ${r.d.ratio}` : ""),
      );
    }
  }
}

async function stall(only: string[]) {
  if (!(only.length === 0 || only.includes("stall"))) return;
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("the stall bench needs a production build: run `npm run build` first");
  const pg = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const kinds = (pg ? ["pglite", "postgres"] : ["pglite"]).filter((k) => !process.env.BENCH_ENGINE || k === process.env.BENCH_ENGINE) as ("pglite" | "postgres")[];
  for (const kind of kinds) {
    const r = await benchStall(kind, pg);
    console.log(
      `stall (${r.kind}, tenant A: 4 × 8 Return tasks looping a million times): tenant B's /executions/search p99 alone ${r.aloneSearch.p99} ms (p50 ${r.aloneSearch.p50}), ` +
        `under attack ${r.underSearch.p99} ms (p50 ${r.underSearch.p50}) → ratio ${r.ratio} (goal ≤ 2); /api/health p99 alone ${r.aloneHealth.p99} ms, under attack ${r.underHealth.p99} ms (goal ≤ 100); ` +
        `A's executions FAILED ${r.failed}, with the budget message ${r.budgetMessages}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
