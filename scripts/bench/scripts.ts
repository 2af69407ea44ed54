import { tenantSlots } from "@/engine/tasks/scripts/slots";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { advance, executeTaskRun } from "../../engine/executor";
import { createExecution } from "../../engine/executor/create";
import { MemoryKv, MemoryStorage, refuseHttp } from "../../engine/memory";
import { validateFlowSource } from "../../engine/flow/validate";
import { summarize } from "./stats";

/**
 * The sandbox's cost: a shell.Commands task `echo hi` run N times, task start to end
 * (executeTaskRun: working directory, rendering, the process, the upload check, cleanup),
 * with SCRIPT_SANDBOX=off, sandboxed without network, and sandboxed with slirp4netns.
 * Each mode runs in its own process, since the sandbox setting is read once per process.
 */
const MODES = [
  { name: "bare process (SCRIPT_SANDBOX=off)", env: { SCRIPT_SANDBOX: "off" }, network: true },
  { name: "sandbox, network denied", env: { SCRIPT_SANDBOX: "on" }, network: false },
  { name: "sandbox, network allowed (slirp4netns)", env: { SCRIPT_SANDBOX: "on" }, network: true },
];

export function benchScripts(n = Number(process.env.BENCH_SCRIPTS_N ?? 100)) {
  const results: { name: string; p50: number; p99: number; n: number }[] = [];
  for (const mode of MODES) {
    const res = spawnSync(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/bench/scripts.ts"), "--child", String(n), String(mode.network)], {
      env: { ...process.env, ...mode.env, DATA_DIR: process.env.BENCH_DATA_DIR ?? "/tmp/switchyard-bench-scripts" },
      encoding: "utf8",
    });
    if (res.status !== 0) throw new Error(`scripts bench (${mode.name}) failed: ${res.stderr}`);
    const stats = JSON.parse(res.stdout.trim().split("\n").pop()!) as { p50: number; p99: number; n: number };
    results.push({ name: mode.name, ...stats });
  }
  const bare = results[0];
  for (const r of results) {
    const overhead = r === bare ? "" : `, overhead p50 +${(r.p50 - bare.p50).toFixed(1)} ms`;
    console.log(`scripts: echo hi task, ${r.name}: p50 ${r.p50} ms p99 ${r.p99} ms (n=${r.n})${overhead}`);
  }
  return results;
}

async function child(n: number, network: boolean) {
  const source = `id: bench\nnamespace: bench\ntasks:\n  - id: hi\n    type: io.kestra.plugin.scripts.shell.Commands\n    warningOnStdErr: false\n    commands:\n      - echo hi\n`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const flow = parsed.flow;
  const started = await advance(flow, createExecution({ flow, revision: 1, inputs: {}, now: new Date(), id: "bench1" }), new Date());
  const action = started.actions.find((a) => a.kind === "run");
  if (!action || action.kind !== "run") throw new Error("no task to run");
  const storage = new MemoryStorage();
  let id = 0;
  const services = {
    kv: new MemoryKv(() => Date.now()),
    storage: storage.forTaskRun(started.execution, "hi", action.taskRunId, () => `f${++id}`),
    http: refuseHttp,
    scripts: { tenantId: "bench", networkAllowed: async () => network, ...tenantSlots("bench") },
  };
  const times: number[] = [];
  for (let i = 0; i < n + 5; i++) {
    const t0 = performance.now();
    const result = await executeTaskRun({ flow, execution: started.execution, taskRunId: action.taskRunId, services });
    const ms = performance.now() - t0;
    if (result.state !== "SUCCESS" || !result.logs?.some((l) => l.message === "hi")) throw new Error(`echo hi did not succeed: ${JSON.stringify(result)}`);
    if (i >= 5) times.push(ms); // the first runs warm up module loading and the sandbox probe
  }
  console.log(JSON.stringify(summarize(times)));
}

if (process.argv[2] === "--child") {
  child(Number(process.argv[3]), process.argv[4] === "true").then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
