import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { summarize } from "./stats";

/**
 * Engine bench over HTTP against the production server (`next start`, build first):
 * (a) a 2-task flow (OutputValues → Log) started with `wait=true` by concurrent clients:
 *     executions/min and start-to-SUCCESS latency; commits per execution on PostgreSQL;
 * (b) 40 sequential Return tasks; (c) ForEach over 100 values; (d) (a) with RLS disabled
 *     on the tenant tables, as a ratio (PostgreSQL).
 */

export const PORT = Number(process.env.BENCH_PORT ?? 3400);
const BASE = `http://localhost:${PORT}`;
export const ADMIN = { email: "bench@switchyard.local", password: "bench-password-1" };
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const FLOWS = {
  two: `id: two\nnamespace: bench\ntasks:\n  - id: out\n    type: io.kestra.plugin.core.output.OutputValues\n    values:\n      v: "{{ execution.id }}"\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ outputs.out.values.v }}"\n`,
  forty: `id: forty\nnamespace: bench\ntasks:\n${Array.from({ length: 40 }, (_, i) => `  - id: r${i}\n    type: io.kestra.plugin.core.debug.Return\n    format: "{{ taskrun.id }} ${i}"\n`).join("")}`,
  foreach: `id: foreach\nnamespace: bench\ntasks:\n  - id: each\n    type: io.kestra.plugin.core.flow.ForEach\n    values: "{{ range(1, 100) }}"\n    tasks:\n      - id: r\n        type: io.kestra.plugin.core.debug.Return\n        format: "{{ taskrun.value }}"\n`,
};

export async function waitHealthy(server: ChildProcess) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error("server exited");
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

// node:http with keep-alive: the load generator shares the machine, so it should cost little.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function api(method: string, url: string, auth: string, body?: string, type = "application/json"): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: auth };
    if (body) Object.assign(headers, { "content-type": type, "content-length": Buffer.byteLength(body) });
    const req = http.request(`${BASE}${url}`, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`${method} ${url}: ${res.statusCode} ${text.slice(0, 300)}`));
        else resolve(text ? JSON.parse(text) : undefined);
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

type Run = { state: { current: string } };

async function runOnce(auth: string, flow: string) {
  const t0 = performance.now();
  const execution = (await api("POST", `/api/v1/bench/executions/bench/${flow}?wait=true`, auth)) as Run;
  const ms = performance.now() - t0;
  if (execution.state.current !== "SUCCESS") throw new Error(`${flow} ended ${execution.state.current}`);
  return ms;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** CPU time (ms) a process used so far, from /proc; 0 where /proc is not readable. */
function processCpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
  } catch {
    return 0;
  }
}

/** CPU time of the local PostgreSQL's processes (all processes named postgres). */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") total += processCpuMs(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/**
 * CPU spent per execution by the server, PostgreSQL and this client: unlike throughput,
 * barely moved by other work on a shared machine.
 */
function cpuMeter(serverPid: number, withPostgres: boolean) {
  const read = () => ({ server: processCpuMs(serverPid), postgres: withPostgres ? postgresCpuMs() : 0, client: process.cpuUsage() });
  const start = read();
  return (count: number) => {
    const end = read();
    const clientMs = (end.client.user + end.client.system - start.client.user - start.client.system) / 1000;
    const per = (ms: number) => Number((ms / count).toFixed(2));
    return { server: per(end.server - start.server), postgres: per(end.postgres - start.postgres), client: per(clientMs) };
  };
}

export type CpuPerExecution = ReturnType<ReturnType<typeof cpuMeter>>;

async function sustained(auth: string, clients: number, seconds: number) {
  const latencies: number[] = [];
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) latencies.push(await runOnce(auth, "two"));
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { perMinute: Math.round((latencies.length / elapsed) * 60), count: latencies.length, ...summarize(latencies) };
}

async function median(auth: string, flow: string, n = 5) {
  await runOnce(auth, flow);
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(await runOnce(auth, flow));
  return summarize(times).p50;
}

const TENANT_TABLES = ["tenant_access", "roles", "bindings", "audit_logs", "flows", "flow_revisions", "executions", "logs", "kv_entries", "work_items"];

async function setRls(url: string, on: boolean) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  for (const t of TENANT_TABLES) await sql.unsafe(`alter table ${t} ${on ? "enable" : "disable"} row level security`);
  await sql.end();
}

async function commits(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [row] = await sql`select xact_commit::bigint as c from pg_stat_database where datname = current_database()`;
  await sql.end();
  return Number(row.c);
}

export async function benchEngine(kind: "pglite" | "postgres", baseUrl?: string) {
  let url: string | undefined;
  let drop = async () => {};
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-bench-"));
  if (kind === "postgres") {
    const name = `switchyard_bench_engine_${Date.now()}`;
    const admin = postgres(baseUrl!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const u = new URL(baseUrl!);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  // BENCH_NODE_ARGS: extra flags for the server's node (say --cpu-prof --cpu-prof-dir=/tmp/prof).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? "", SUPERADMIN_EMAIL: ADMIN.email, SUPERADMIN_PASSWORD: ADMIN.password, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitHealthy(server);
    const basic = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}`;
    await api("POST", "/api/v1/tenants", basic, JSON.stringify({ id: "bench", name: "Bench" }));
    const token = (await api("POST", "/api/v1/me/api-tokens", basic, JSON.stringify({ name: "bench" }))) as { fullToken: string };
    const auth = `Bearer ${token.fullToken}`;
    for (const source of Object.values(FLOWS)) await api("POST", "/api/v1/bench/flows", auth, source, "application/x-yaml");

    const clients = Number(process.env.BENCH_CLIENTS) || (kind === "postgres" ? 16 : 8);
    await sustained(auth, clients, 10); // warm-up: JIT, plan caches, pool
    const before = url ? await commits(url) : 0;
    const meter = cpuMeter(server.pid!, kind === "postgres");
    const a = await sustained(auth, clients, SECONDS);
    const cpu = meter(a.count);
    const commitsPerExecution = url ? ((await commits(url)) - before) / a.count : null;
    const b = await median(auth, "forty");
    const c = await median(auth, "foreach");
    let d: { off: number; on: number; ratio: number } | null = null;
    if (url) {
      // Alternate off, on, off, on (after the first on run above): the machine's drift
      // hits both sides alike; the ratio is mean throughput with RLS off over on.
      const on = [a.perMinute];
      const off: number[] = [];
      for (let i = 0; i < 2; i++) {
        await setRls(url, false);
        off.push((await sustained(auth, clients, SECONDS)).perMinute);
        await setRls(url, true);
        if (i === 0) on.push((await sustained(auth, clients, SECONDS)).perMinute);
      }
      const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
      d = { off: Math.round(mean(off)), on: Math.round(mean(on)), ratio: Number((mean(off) / mean(on)).toFixed(3)) };
    }
    return { kind, clients, a, cpu, commitsPerExecution: commitsPerExecution === null ? null : Number(commitsPerExecution.toFixed(2)), b, c, d };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
