import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";

/**
 * Several Switchyard processes on one PostgreSQL, as on several machines: web processes
 * (`next start`, WORKER=false) and `npm run worker` processes, each with its own DATA_DIR
 * (nothing may rely on a shared disk), sharing DATABASE_URL, STORAGE_URL=postgres,
 * AUTH_SECRET and SECRETS_KEY. Used by `npm run load` and `npm run bench -- processes`.
 */

export const ADMIN = { email: "load@switchyard.local", password: "load-password-1" };
const NEXT = "node_modules/next/dist/bin/next";
const TSX = "node_modules/tsx/dist/cli.mjs";

export type Member = { kind: "web" | "worker" | "single"; port?: number; proc: ChildProcess; dataDir: string; log: string };

/** A fresh database `name` next to the one `baseUrl` names (dropped first if left over); its URL and a drop function. */
export async function freshDatabase(baseUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    },
  };
}

function sharedEnv(databaseUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    STORAGE_URL: "postgres",
    // The same on every machine: sessions and tokens signed by one are read by the others,
    // secrets sealed by one are opened by the others.
    AUTH_SECRET: "load-auth-secret-shared-by-every-process",
    SECRETS_KEY: "load-secrets-key-shared-by-every-process-0123456789",
    SUPERADMIN_EMAIL: ADMIN.email,
    SUPERADMIN_PASSWORD: ADMIN.password,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_POOL_SIZE: "10",
    ...extra,
  };
}

function member(kind: Member["kind"], args: string[], env: NodeJS.ProcessEnv, port?: number): Member {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sy-${kind}-`));
  const log = path.join(dataDir, "out.log");
  const out = fs.openSync(log, "a");
  const proc = spawn(process.execPath, args, { env: { ...env, DATA_DIR: dataDir }, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  return { kind, port, proc, dataDir, log };
}

export async function waitHealthy(m: Member, timeoutMs = 180_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (m.proc.exitCode !== null || m.proc.signalCode !== null) throw new Error(`${m.kind} on ${m.port} exited:\n${tail(m.log)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${m.port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${m.kind} on ${m.port} did not start:\n${tail(m.log)}`);
}

/** Waits until a worker process says it leases work. */
async function waitWorker(m: Member, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (m.proc.exitCode !== null || m.proc.signalCode !== null) throw new Error(`worker exited:\n${tail(m.log)}`);
    if (fs.readFileSync(m.log, "utf8").includes("leasing work")) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`worker did not start:\n${tail(m.log)}`);
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

export type Cluster = { members: Member[]; webPorts: number[]; stop: () => Promise<void> };

/**
 * Starts `webPorts.length` web processes and `workers` worker processes, all at once (the
 * migration lock sorts out who migrates), and waits until each serves or leases.
 * `workers: 0` with one port: a single process that serves and works (WORKER=true).
 */
export async function startCluster(opts: { databaseUrl: string; webPorts: number[]; workers: number; env?: Record<string, string> }): Promise<Cluster> {
  const single = opts.workers === 0;
  const env = sharedEnv(opts.databaseUrl, { WORKER: single ? "true" : "false", ...opts.env });
  const members: Member[] = [];
  const stop = async () => {
    for (const m of members) if (m.proc.exitCode === null && m.proc.signalCode === null) m.proc.kill("SIGTERM");
    await Promise.all(
      members.map((m) =>
        m.proc.exitCode !== null || m.proc.signalCode !== null
          ? undefined
          : new Promise<void>((resolve) => {
              const t = setTimeout(() => {
                m.proc.kill("SIGKILL");
                resolve();
              }, 8000);
              m.proc.once("exit", () => {
                clearTimeout(t);
                resolve();
              });
            }),
      ),
    );
    // Each process's DATA_DIR (its log too) goes; LOAD_KEEP_DIRS=1 keeps them to read the logs.
    if (process.env.LOAD_KEEP_DIRS !== "1") for (const m of members) fs.rmSync(m.dataDir, { recursive: true, force: true });
  };
  try {
    for (const port of opts.webPorts) members.push(member(single ? "single" : "web", [NEXT, "start", "-p", String(port)], env, port));
    for (let i = 0; i < opts.workers; i++) members.push(member("worker", [TSX, "scripts/worker.ts"], env));
    await Promise.all(members.map((m) => (m.kind === "worker" ? waitWorker(m) : waitHealthy(m))));
  } catch (error) {
    await stop();
    throw error;
  }
  return { members, webPorts: opts.webPorts, stop };
}
