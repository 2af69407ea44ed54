import fs from "node:fs";
import { benchFlows } from "./flows";
import { benchEngine } from "./engine";
import { benchScripts } from "./scripts";
import { benchTargets } from "./stats";

/**
 * `npm run bench [flows] [engine] [scripts]`: prints each figure. BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) adds PostgreSQL; the engine bench needs a production build (.next).
 */
async function main() {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  if (want("flows")) await benchFlows(await benchTargets());
  if (want("scripts")) benchScripts();
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

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
