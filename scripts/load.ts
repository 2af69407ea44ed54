import http from "node:http";
import { spawnSync } from "node:child_process";
import { buildIsCurrent, markBuilt } from "./build-state";
import { ADMIN, freshDatabase, startCluster, tail, type Cluster } from "./cluster";

/**
 * `npm run load`: 2 web + 2 worker processes on a fresh PostgreSQL database (switchyard_load,
 * next to LOAD_DATABASE_URL / TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
 * STORAGE_URL=postgres; 100 clients over 20 tenants for LOAD_SECONDS (60): flow and
 * execution reads, flow writes, executions that write a file, cross-tenant probes. One
 * worker is SIGKILLed halfway. Then every execution must end, its file must download from
 * either web process, no answer may be ≥ 500, and no answer may carry another tenant's
 * marker. Localhost only; bounded in time. Exit 1 on any failure.
 */

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 100);
const TENANTS = Number(process.env.LOAD_TENANTS ?? 20);
const WEB_PORTS = [3221, 3222];
const BASE_URL = process.env.LOAD_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TERMINAL = new Set(["SUCCESS", "WARNING", "FAILED", "KILLED", "CANCELLED", "SKIPPED"]);

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

type Answer = { status: number; body: string };

function call(port: number, method: string, path: string, auth: string, body?: string, type = "application/json", retried = false): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { authorization: auth };
    if (body !== undefined) Object.assign(headers, { "content-type": type, "content-length": Buffer.byteLength(body) });
    const req = http.request({ host: "127.0.0.1", port, path, method, headers, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (e) => resolve({ status: 0, body: String(e) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle (the request never reached it):
      // send again once, as Node's documentation advises.
      if (req.reusedSocket && !retried && (e.code === "ECONNRESET" || e.code === "EPIPE")) resolve(call(port, method, path, auth, body, type, true));
      else resolve({ status: 0, body: String(e) });
    });
    req.end(body);
  });
}

type Tenant = { id: string; marker: string; namespace: string; auth: string };

const basic = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}`;

async function must(port: number, method: string, path: string, auth: string, body?: string, type?: string): Promise<unknown> {
  const a = await call(port, method, path, auth, body, type);
  if (a.status < 200 || a.status >= 300) throw new Error(`${method} ${path}: ${a.status} ${a.body.slice(0, 300)}`);
  return a.body ? JSON.parse(a.body) : undefined;
}

const fileFlow = (t: Tenant) => `id: files
namespace: ${t.namespace}
description: "load flow of ${t.marker}"
labels:
  owner: ${t.marker}
tasks:
  - id: write
    type: io.kestra.plugin.core.storage.Write
    content: "file of ${t.marker} for {{ execution.id }}"
    extension: .txt
  - id: log
    type: io.kestra.plugin.core.log.Log
    message: "${t.marker} wrote {{ outputs.write.uri }}"
`;

const editedFlow = (t: Tenant, n: number) => `id: edited
namespace: ${t.namespace}
description: "edit ${n} of ${t.marker}"
tasks:
  - id: r
    type: io.kestra.plugin.core.debug.Return
    format: "${t.marker} {{ execution.id }}"
`;

/** One tenant each: a service account with the tenant's admin role, its token, two flows. */
async function setUp(port: number): Promise<Tenant[]> {
  const run = Math.random().toString(36).slice(2, 8);
  const tenants: Tenant[] = [];
  for (let i = 0; i < TENANTS; i++) {
    const id = `load-${String(i).padStart(2, "0")}`;
    const marker = `MARK${run}T${String(i).padStart(2, "0")}Z`;
    await must(port, "POST", "/api/v1/tenants", basic, JSON.stringify({ id, name: `Load ${i}` }));
    const account = (await must(port, "POST", `/api/v1/${id}/service-accounts`, basic, JSON.stringify({ name: `load-${i}`, description: marker }))) as { id: string };
    const roles = (await must(port, "GET", `/api/v1/${id}/roles`, basic)) as { id: string; name: string }[] | { results: { id: string; name: string }[] };
    const list = Array.isArray(roles) ? roles : roles.results;
    const admin = list.find((r) => /admin/i.test(r.name));
    if (!admin) throw new Error(`no admin role in ${id}: ${JSON.stringify(list).slice(0, 200)}`);
    await must(port, "POST", `/api/v1/${id}/bindings`, basic, JSON.stringify({ type: "SERVICE_ACCOUNT", externalId: account.id, roleId: admin.id }));
    const token = (await must(port, "POST", `/api/v1/${id}/service-accounts/${account.id}/api-tokens`, basic, JSON.stringify({ name: "load" }))) as { fullToken: string };
    const t = { id, marker, namespace: `load.t${i}`, auth: `Bearer ${token.fullToken}` };
    await must(port, "POST", `/api/v1/${id}/flows`, t.auth, fileFlow(t), "application/x-yaml");
    await must(port, "POST", `/api/v1/${id}/flows`, t.auth, editedFlow(t, 0), "application/x-yaml");
    tenants.push(t);
  }
  return tenants;
}

type Stats = {
  byStatus: Map<string, number>;
  byOp: Map<string, number>;
  leaks: string[];
  crossAllowed: string[];
  serverErrors: string[];
  executions: { tenant: Tenant; id: string }[];
};

function record(stats: Stats, tenants: Tenant[], own: Tenant | null, op: string, path: string, a: Answer) {
  const key = a.status === 0 ? "no answer" : String(a.status);
  stats.byStatus.set(key, (stats.byStatus.get(key) ?? 0) + 1);
  stats.byOp.set(op, (stats.byOp.get(op) ?? 0) + 1);
  if (a.status >= 500 || a.status === 0) stats.serverErrors.push(`${op} ${path}: ${a.status} ${a.body.slice(0, 200)}`);
  for (const other of tenants) {
    if (other !== own && a.body.includes(other.marker)) stats.leaks.push(`${op} ${path} as ${own?.id ?? "?"} carried ${other.id}'s marker`);
  }
}

const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];

async function client(n: number, tenants: Tenant[], until: number, stats: Stats) {
  const t = tenants[n % tenants.length];
  let turn = n;
  let edits = 0;
  while (Date.now() < until) {
    const port = WEB_PORTS[turn++ % WEB_PORTS.length];
    const r = Math.random();
    let op: string;
    let path: string;
    let a: Answer;
    if (r < 0.3) {
      op = "flows.search";
      path = `/api/v1/${t.id}/flows/search?size=20`;
      a = await call(port, "GET", path, t.auth);
    } else if (r < 0.55) {
      op = "executions.search";
      path = `/api/v1/${t.id}/executions/search?size=10&sort=startDate:desc`;
      a = await call(port, "GET", path, t.auth);
    } else if (r < 0.65) {
      op = "flow.get";
      path = `/api/v1/${t.id}/flows/${t.namespace}/files?source=true`;
      a = await call(port, "GET", path, t.auth);
    } else if (r < 0.75) {
      op = "flow.update";
      path = `/api/v1/${t.id}/flows/${t.namespace}/edited`;
      a = await call(port, "PUT", path, t.auth, editedFlow(t, ++edits), "application/x-yaml");
    } else if (r < 0.93) {
      op = "execution.start";
      path = `/api/v1/${t.id}/executions/${t.namespace}/files`;
      a = await call(port, "POST", path, t.auth);
      if (a.status >= 200 && a.status < 300) stats.executions.push({ tenant: t, id: (JSON.parse(a.body) as { id: string }).id });
    } else if (r < 0.96 && stats.executions.length > 0) {
      const mine = stats.executions.filter((e) => e.tenant === t);
      const e = mine.length ? pick(mine) : null;
      op = "execution.get";
      path = `/api/v1/${t.id}/executions/${e?.id ?? "none"}`;
      a = await call(port, "GET", path, t.auth);
    } else {
      // A probe: this tenant's token on another tenant's data. Never a 2xx.
      const other = tenants[(tenants.indexOf(t) + 1 + Math.floor(Math.random() * (tenants.length - 1))) % tenants.length];
      op = "cross-tenant probe";
      path = `/api/v1/${other.id}/flows/search`;
      a = await call(port, "GET", path, t.auth);
      if (a.status >= 200 && a.status < 300) stats.crossAllowed.push(`${t.id} read ${other.id}: ${a.status}`);
    }
    record(stats, tenants, t, op, path, a);
  }
}

async function main() {
  if (!buildIsCurrent()) {
    console.log("[load] building the app first...");
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    if (build.status !== 0) throw new Error("the build failed");
    markBuilt();
  }
  const db = await freshDatabase(BASE_URL, "switchyard_load");
  let cluster: Cluster | undefined;
  const failures: string[] = [];
  try {
    console.log(`[load] starting 2 web (${WEB_PORTS.join(", ")}, WORKER=false) + 2 worker processes on ${db.url.replace(/\/\/[^@]*@/, "//")}, STORAGE_URL=postgres`);
    // Short leases: the killed worker's executions are taken over within seconds.
    cluster = await startCluster({ databaseUrl: db.url, webPorts: WEB_PORTS, workers: 2, env: { SWITCHYARD_LEASE_MS: "5000" } });
    const tenants = await setUp(WEB_PORTS[0]);
    console.log(`[load] ${TENANTS} tenants ready; ${CLIENTS} clients for ${SECONDS} s`);

    const stats: Stats = { byStatus: new Map(), byOp: new Map(), leaks: [], crossAllowed: [], serverErrors: [], executions: [] };
    const started = Date.now();
    const until = started + SECONDS * 1000;
    const victim = cluster.members.find((m) => m.kind === "worker")!;
    const killer = setTimeout(() => {
      console.log(`[load] SIGKILL worker pid ${victim.proc.pid} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
      victim.proc.kill("SIGKILL");
    }, (SECONDS * 1000) / 2);
    await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n, tenants, until, stats)));
    clearTimeout(killer);
    const elapsed = (Date.now() - started) / 1000;
    const answers = [...stats.byStatus.values()].reduce((a, b) => a + b, 0);
    console.log(`[load] ${answers} answers in ${elapsed.toFixed(1)} s (${Math.round(answers / elapsed)}/s); by status: ${[...stats.byStatus].sort().map(([k, v]) => `${k}: ${v}`).join(", ")}`);
    console.log(`[load] by kind: ${[...stats.byOp].map(([k, v]) => `${k} ${v}`).join(", ")}`);

    // Every execution ends (the killed worker's leases expire and the other worker takes them).
    const pending = new Map(stats.executions.map((e) => [e.id, e]));
    const states = new Map<string, number>();
    const endBy = Date.now() + Math.max(90, SECONDS) * 1000;
    const ended: { tenant: Tenant; id: string; doc: { taskRunList?: { taskId: string; outputs?: { uri?: string } }[] } }[] = [];
    while (pending.size > 0 && Date.now() < endBy) {
      for (const e of [...pending.values()]) {
        const path = `/api/v1/${e.tenant.id}/executions/${e.id}`;
        const a = await call(pick(WEB_PORTS), "GET", path, e.tenant.auth);
        record(stats, tenants, e.tenant, "execution.poll", path, a);
        if (a.status !== 200) continue;
        const doc = JSON.parse(a.body) as { state: { current: string }; taskRunList?: { taskId: string; outputs?: { uri?: string } }[] };
        if (TERMINAL.has(doc.state.current)) {
          pending.delete(e.id);
          states.set(doc.state.current, (states.get(doc.state.current) ?? 0) + 1);
          ended.push({ ...e, doc });
        }
      }
      if (pending.size > 0) await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`[load] executions started ${stats.executions.length}: ${[...states].map(([k, v]) => `${k} ${v}`).join(", ")}; not ended ${pending.size}`);
    if (pending.size > 0) failures.push(`${pending.size} executions did not end: ${[...pending.keys()].slice(0, 5).join(", ")}`);
    const notSuccess = [...states].filter(([k]) => k !== "SUCCESS").reduce((a, [, v]) => a + v, 0);
    if (notSuccess > 0) failures.push(`${notSuccess} executions did not end in SUCCESS`);

    // Files written by whichever worker download from either web process.
    let downloads = 0;
    for (const e of ended.filter((x) => x.doc.taskRunList).slice(0, 40)) {
      const uri = e.doc.taskRunList!.find((r) => r.taskId === "write")?.outputs?.uri;
      if (!uri) {
        failures.push(`${e.tenant.id}/${e.id}: no file output`);
        continue;
      }
      for (const port of WEB_PORTS) {
        const path = `/api/v1/${e.tenant.id}/executions/${e.id}/file?path=${encodeURIComponent(uri)}`;
        const a = await call(port, "GET", path, e.tenant.auth);
        record(stats, tenants, e.tenant, "file.download", path, a);
        if (a.status !== 200 || a.body !== `file of ${e.tenant.marker} for ${e.id}`) failures.push(`download of ${uri} from ${port}: ${a.status} ${a.body.slice(0, 100)}`);
        else downloads++;
      }
    }
    console.log(`[load] file downloads checked: ${downloads} (each execution's file from both web processes)`);

    if (stats.serverErrors.length) failures.push(`${stats.serverErrors.length} answers ≥ 500 or none: ${stats.serverErrors.slice(0, 5).join(" | ")}`);
    if (stats.leaks.length) failures.push(`${stats.leaks.length} answers carried another tenant's data: ${stats.leaks.slice(0, 5).join(" | ")}`);
    if (stats.crossAllowed.length) failures.push(`${stats.crossAllowed.length} cross-tenant probes were answered 2xx: ${stats.crossAllowed.slice(0, 5).join(" | ")}`);
    const web = cluster.members.filter((m) => m.kind === "web");
    for (const m of web) if (m.proc.exitCode !== null || m.proc.signalCode !== null) failures.push(`web ${m.port} died:\n${tail(m.log)}`);
    console.log(
      `[load] answers ≥ 500: ${stats.serverErrors.length}; answers carrying another tenant's marker: ${stats.leaks.length} (every body scanned for ${TENANTS - 1} foreign markers); cross-tenant probes answered 2xx: ${stats.crossAllowed.length}`,
    );
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  } finally {
    await cluster?.stop();
    await db.drop();
  }
  if (failures.length) {
    console.error(`[load] FAILED:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  console.log("[load] OK");
  process.exit(0);
}

void main();
