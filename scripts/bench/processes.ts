import http from "node:http";
import { ADMIN, freshDatabase, startCluster, type Cluster } from "../cluster";
import { summarize } from "./stats";

/**
 * 2 web + 2 worker processes against 1 process (web and worker in one), each on a fresh
 * PostgreSQL database with STORAGE_URL=postgres: the same closed-loop clients start a
 * two-task flow (Write a file, Log) with wait=true, alternating web processes; executions
 * per minute and start→SUCCESS latency. Measured one after the other in one run.
 */

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const TENANTS = 4;
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function call(port: number, method: string, path: string, auth: string, body?: string, type = "application/json", retried = false): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { authorization: auth };
    if (body !== undefined) Object.assign(headers, { "content-type": type, "content-length": Buffer.byteLength(body) });
    const req = http.request({ host: "127.0.0.1", port, path, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle: send again once (Node's advice).
      if (req.reusedSocket && !retried && (e.code === "ECONNRESET" || e.code === "EPIPE")) resolve(call(port, method, path, auth, body, type, true));
      else reject(e);
    });
    req.end(body);
  });
}

const flow = (ns: string) => `id: two
namespace: ${ns}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "{{ execution.id }}"
    extension: .txt
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "{{ outputs.write.uri }}"
`;

async function measure(ports: number[], auth: string, seconds: number) {
  const latencies: number[] = [];
  let failed = 0;
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, n) => {
      let turn = n;
      while (Date.now() < until) {
        const tenant = `bench-p${(turn % TENANTS) + 1}`;
        const port = ports[turn++ % ports.length];
        const t0 = performance.now();
        const a = await call(port, "POST", `/api/v1/${tenant}/executions/bench/two?wait=true`, auth);
        const ms = performance.now() - t0;
        if (a.status < 200 || a.status >= 300 || (JSON.parse(a.body) as { state: { current: string } }).state.current !== "SUCCESS") failed++;
        else latencies.push(ms);
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { perMinute: Math.round((latencies.length / elapsed) * 60), failed, ...summarize(latencies) };
}

async function one(baseUrl: string, name: string, ports: number[], workers: number) {
  const db = await freshDatabase(baseUrl, name);
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({ databaseUrl: db.url, webPorts: ports, workers });
    const basic = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}`;
    const token = JSON.parse((await call(ports[0], "POST", "/api/v1/me/api-tokens", basic, JSON.stringify({ name: "bench" }))).body) as { fullToken: string };
    const auth = `Bearer ${token.fullToken}`;
    for (let i = 1; i <= TENANTS; i++) {
      await call(ports[0], "POST", "/api/v1/tenants", basic, JSON.stringify({ id: `bench-p${i}`, name: `Bench ${i}` }));
      const made = await call(ports[0], "POST", `/api/v1/bench-p${i}/flows`, auth, flow("bench"), "application/x-yaml");
      if (made.status < 200 || made.status >= 300) throw new Error(`flow: ${made.status} ${made.body.slice(0, 200)}`);
    }
    await measure(ports, auth, 5); // warm-up: JIT, plan caches, pools
    const r = await measure(ports, auth, SECONDS);
    console.log(`[bench processes] ${ports.length} web + ${workers} worker: ${r.perMinute}/min, p50 ${r.p50} ms, p99 ${r.p99} ms, failed ${r.failed}`);
    return r;
  } finally {
    await cluster?.stop();
    await db.drop();
  }
}

export async function benchProcesses(baseUrl: string) {
  const single = await one(baseUrl, "switchyard_bench_one", [3223], 0);
  const many = await one(baseUrl, "switchyard_bench_many", [3224, 3225], 2);
  return { single, many, ratio: Number((many.perMinute / Math.max(1, single.perMinute)).toFixed(2)), clients: CLIENTS, seconds: SECONDS };
}
