import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { ADMIN, api, PORT, waitHealthy } from "./engine";
import { summarize } from "./stats";

/**
 * Issue 10, finding 1, against the production server: tenant A runs eight Return tasks whose
 * template loops a million times, four executions at a time, while tenant B reads its
 * executions. Prints B's `/executions/search` p99 alone and under the attack (a ratio, one
 * run) and `/api/health` p99 under the attack. Goals: ratio ≤ 2, health p99 ≤ 100 ms.
 */

const SECONDS = Number(process.env.BENCH_STALL_SECONDS ?? 15);
const BURN = `id: burn\nnamespace: attack\ntasks:\n${Array.from({ length: 8 }, (_, i) => `  - id: r${i}\n    type: io.kestra.plugin.core.debug.Return\n    format: "{% for i in range(1,999999) %}{% endfor %}"\n`).join("")}`;
const HELLO = `id: hello\nnamespace: quiet\ntasks:\n  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hello\n`;

/** Latencies of `request` sent every `everyMs` for `seconds`, each timed from when it was due (a stalled loop counts). */
async function sample(request: () => Promise<unknown>, seconds: number, everyMs = 50) {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const due = start + i * everyMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -everyMs) continue; // behind: skip to the next slot rather than bunch up
    await request();
    times.push(performance.now() - due);
  }
  return summarize(times);
}

export async function benchStall(kind: "pglite" | "postgres", baseUrl?: string) {
  let url: string | undefined;
  let drop = async () => {};
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-stall-"));
  if (kind === "postgres") {
    const name = `switchyard_bench_stall_${Date.now()}`;
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
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: url ?? "", SUPERADMIN_EMAIL: ADMIN.email, SUPERADMIN_PASSWORD: ADMIN.password, AUTH_TRUST_HOST: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitHealthy(server);
    const basic = `Basic ${Buffer.from(`${ADMIN.email}:${ADMIN.password}`).toString("base64")}`;
    for (const id of ["alpha", "beta"]) await api("POST", "/api/v1/tenants", basic, JSON.stringify({ id, name: id }));
    const token = (await api("POST", "/api/v1/me/api-tokens", basic, JSON.stringify({ name: "bench" }))) as { fullToken: string };
    const auth = `Bearer ${token.fullToken}`;
    await api("POST", "/api/v1/alpha/flows", auth, BURN, "application/x-yaml");
    await api("POST", "/api/v1/beta/flows", auth, HELLO, "application/x-yaml");
    for (let i = 0; i < 20; i++) await api("POST", "/api/v1/beta/executions/quiet/hello?wait=true", auth);

    const search = () => api("GET", "/api/v1/beta/executions/search?size=25", auth);
    const health = () => api("GET", "/api/health", "");
    await sample(search, 3); // warm-up
    const [aloneSearch, aloneHealth] = await Promise.all([sample(search, SECONDS), sample(health, SECONDS)]);

    let attacking = true;
    let failed = 0;
    let budgetMessages = 0;
    const attacker = async () => {
      while (attacking) {
        const done = (await api("POST", "/api/v1/alpha/executions/attack/burn?wait=true", auth)) as { id: string; state: { current: string } };
        if (done.state.current === "FAILED") failed++;
        const logs = (await api("GET", `/api/v1/alpha/logs/${done.id}`, auth)) as { message: string }[];
        if (logs.some((l) => l.message.includes("TASK_CPU_BUDGET_MS"))) budgetMessages++;
      }
    };
    const attackers = Array.from({ length: 4 }, attacker);
    await new Promise((r) => setTimeout(r, 1000));
    const [underSearch, underHealth] = await Promise.all([sample(search, SECONDS), sample(health, SECONDS)]);
    attacking = false;
    await Promise.all(attackers);
    return { kind, aloneSearch, aloneHealth, underSearch, underHealth, ratio: Number((underSearch.p99 / aloneSearch.p99).toFixed(2)), failed, budgetMessages };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1000));
    await drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
