import postgres from "postgres";
import type { DbConfig } from "../../db/client";

export type Target = { kind: "pglite" | "postgres"; config: DbConfig; cleanup?: () => Promise<void> };

export function summarize(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2));
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: sorted.length };
}

/** A fresh in-memory PGlite, and a fresh database on BENCH_DATABASE_URL's server when set. */
export async function benchTargets(): Promise<Target[]> {
  const targets: Target[] = [{ kind: "pglite", config: { kind: "pglite", dataDir: "memory://" } }];
  const base = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (base) {
    const name = `switchyard_bench_${Date.now()}`;
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    targets.push({
      kind: "postgres",
      config: { kind: "postgres", url: url.toString(), max: 10 },
      cleanup: async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    });
  } else {
    console.log("BENCH_DATABASE_URL (or TEST_DATABASE_URL) is not set: PostgreSQL figures are skipped.");
  }
  return targets;
}
