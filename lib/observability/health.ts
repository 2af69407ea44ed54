import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { withInstance } from "@/db/tenant";
import { localWorker } from "@/engine/worker";
import { env } from "@/lib/env";

export type Check = { status: "UP" | "DOWN" | "DISABLED"; detail?: string };
export type Readiness = { status: "UP" | "DOWN"; checks: { database: Check; migrations: Check; worker: Check } };

/**
 * Whether this process can serve: the database answers, its migrations are applied (the
 * database handle only resolves once they are: a failed migration stops the process), and
 * the worker runs unless WORKER=false.
 */
export async function readiness(timeoutMs = 2000): Promise<Readiness> {
  const within = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
  let database: Check;
  let migrations: Check;
  try {
    await within(getDb());
    migrations = { status: "UP" };
    await within(withInstance((tx) => tx.execute(sql`select 1`)));
    database = { status: "UP" };
  } catch (error) {
    const detail = (error as Error).message;
    database = { status: "DOWN", detail };
    migrations = { status: "DOWN", detail };
  }
  const worker: Check = !env().WORKER ? { status: "DISABLED" } : localWorker() ? { status: "UP" } : { status: "DOWN", detail: "the worker has not started" };
  const up = database.status === "UP" && migrations.status === "UP" && worker.status !== "DOWN";
  return { status: up ? "UP" : "DOWN", checks: { database, migrations, worker } };
}
