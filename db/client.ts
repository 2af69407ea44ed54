import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations, Logger } from "drizzle-orm";
import * as schema from "./schema";
import { rowsOf } from "./queries/raw";
import { env } from "@/lib/env";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

/** `logger` sees every statement drizzle sends (tests read the plans of the real queries through it). */
export type DbConfig = (
  | { kind: "postgres"; url: string; max?: number }
  /** `snapshot`: a data directory dumped by pgliteSnapshot, loaded instead of an initdb (tests). */
  | { kind: "pglite"; dataDir: string; snapshot?: Blob }
) & { logger?: Logger };

type Handle = {
  db: Db;
  kind: DbConfig["kind"];
  close: () => Promise<void>;
  /** LISTEN on a channel (PostgreSQL only: other processes NOTIFY through it). */
  listen?: (channel: string, onNotify: (payload: string) => void) => Promise<void>;
  /** Sends statements on one connection without waiting between them (PostgreSQL only). */
  pipeline?: (statements: { sql: string; params: unknown[] }[]) => Promise<PromiseSettledResult<Row[]>[]>;
};

type Row = Record<string, unknown>;

const MIGRATIONS = path.join(process.cwd(), "db", "migrations");
/** pg_advisory_lock key of migrations (any constant shared by every process of the instance). */
const MIGRATION_LOCK = 7_413_002_115;

// One handle per process, shared by every bundle Next.js makes (route handlers, pages and
// instrumentation each get their own copy of this module): two PGlite instances on one
// data directory would silently lose writes.
const globalForDb = globalThis as unknown as { __switchyardDb?: Promise<Handle>; __switchyardDbConfig?: DbConfig };

/** Picks the database before first use (tests, scripts); otherwise the environment decides. */
export function configureDb(config: DbConfig): void {
  if (globalForDb.__switchyardDb) throw new Error("the database is already open");
  globalForDb.__switchyardDbConfig = config;
}

function configFromEnv(): DbConfig {
  // Read at open, not at import: `configureDb` callers never need a valid environment.
  const { DATABASE_URL: url, DATA_DIR: dataDir } = env();
  if (url) return { kind: "postgres", url };
  return { kind: "pglite", dataDir: path.resolve(dataDir, "pglite") };
}

async function open(config: DbConfig): Promise<Handle> {
  if (config.kind === "postgres") {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(config.url, { max: config.max ?? env().DATABASE_POOL_SIZE, onnotice: () => {}, prepare: true });
    const db = drizzle(client, { schema, casing: "snake_case", logger: config.logger });
    // Several processes (web and `npm run worker`) may start at once on one database: an
    // advisory lock, held on a connection of its own, lets one migrate at a time (the
    // migrator itself takes no lock, and two would both create the first tables).
    const lock = postgres(config.url, { max: 1, onnotice: () => {} });
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migrate(db, { migrationsFolder: MIGRATIONS });
    } finally {
      await lock.end({ timeout: 5 }); // ending the session releases the lock
    }
    return {
      db: db as unknown as Db,
      kind: "postgres",
      close: () => client.end({ timeout: 5 }),
      listen: async (channel, onNotify) => {
        await client.listen(channel, (payload) => onNotify(payload));
      },
      pipeline: async (statements) => {
        const connection = await client.reserve();
        try {
          // Issued in order without awaiting: postgres.js writes them together, PostgreSQL
          // answers them in order.
          return await Promise.allSettled(statements.map((s) => connection.unsafe(s.sql, s.params as never[], { prepare: true }).then((rows) => [...rows] as Row[])));
        } finally {
          connection.release();
        }
      },
    };
  }
  const { client, db } = await openPglite(config);
  return { db: db as unknown as Db, kind: "pglite", close: () => client.close() };
}

async function openPglite(config: Extract<DbConfig, { kind: "pglite" }>) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (!config.dataDir.startsWith("memory://")) fs.mkdirSync(config.dataDir, { recursive: true });
  const client = config.snapshot ? await PGlite.create({ dataDir: config.dataDir, loadDataDir: config.snapshot }) : await PGlite.create(config.dataDir);
  const db = drizzle(client, { schema, casing: "snake_case", logger: config.logger });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  return { client, db };
}

/**
 * A migrated, empty in-memory database dumped as a data directory: the test run makes one
 * and every test file loads it (well under a second) instead of running initdb (seconds).
 */
export async function pgliteSnapshot(): Promise<Blob> {
  const { client } = await openPglite({ kind: "pglite", dataDir: "memory://" });
  try {
    return await client.dumpDataDir("none");
  } finally {
    await client.close();
  }
}

/** The process's database, migrated. A failed migration rejects with the SQL error. */
export function getDb(): Promise<Handle> {
  globalForDb.__switchyardDb ??= open(globalForDb.__switchyardDbConfig ?? configFromEnv()).catch((error) => {
    globalForDb.__switchyardDb = undefined;
    throw error;
  });
  return globalForDb.__switchyardDb;
}

/** Closes the process's database (tests, scripts). */
export async function closeDb(): Promise<void> {
  const handle = globalForDb.__switchyardDb;
  globalForDb.__switchyardDb = undefined;
  globalForDb.__switchyardDbConfig = undefined;
  if (handle) await (await handle).close();
}

type OpenScope = { tx: Tx; tenantId: string; role: DbRole; open: boolean };

const openScopes = new AsyncLocalStorage<OpenScope>();
const globalForScopes = globalThis as unknown as { __switchyardTrackScopes?: boolean };

/**
 * Whether transactions record themselves so that code deeper in the same call can join
 * them (joinedTransaction). Only internal storage in PostgreSQL needs it: a file written
 * while its row is being written must go through the same connection, or PGlite (one
 * connection) would wait for itself and a full PostgreSQL pool could deadlock.
 */
function scopesTracked(): boolean {
  globalForScopes.__switchyardTrackScopes ??= env().STORAGE_URL.kind === "postgres";
  return globalForScopes.__switchyardTrackScopes;
}

/** Turns transaction tracking on (a PostgreSQL storage backend made outside the environment's choice). */
export function trackScopes(): void {
  globalForScopes.__switchyardTrackScopes = true;
}

/**
 * The transaction the caller already runs in, when it is scoped to `tenantId` as
 * switchyard_app and still open; "other" inside another open scope; otherwise null. Private to db/: callers use withTenantJoined.
 */
export function joinableTransaction(tenantId: string): { tx: Tx } | "other" | null {
  const scope = openScopes.getStore();
  if (!scope?.open) return null;
  return scope.tenantId === tenantId && scope.role === "switchyard_app" ? { tx: scope.tx } : "other";
}

/** Whether the process's database is the embedded one (one connection, one transaction at a time). */
export async function isEmbeddedDb(): Promise<boolean> {
  return (await getDb()).kind === "pglite";
}

/** switchyard_app: tenant work; switchyard_auth: the auth path and instance pages (credentials too); switchyard_worker: the work queue. */
export type DbRole = "switchyard_app" | "switchyard_auth" | "switchyard_worker";

/**
 * Opens a transaction as the non-owner application role with transaction-local settings.
 * Private to db/: callers use withTenant, withUser, withInstance or asSuperadmin.
 */
export async function scopedTransaction<T>(
  settings: { tenantId: string; userId: string; role?: DbRole },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const { db } = await getDb();
  const role = settings.role ?? "switchyard_app";
  if (scopesTracked()) {
    const inner = fn;
    fn = async (tx) => {
      const scope: OpenScope = { tx, tenantId: settings.tenantId, role, open: true };
      try {
        return await openScopes.run(scope, () => inner(tx));
      } finally {
        scope.open = false;
      }
    };
  }
  return db.transaction(async (tx) => {
    const client = postgresClientOf(tx);
    if (client) {
      // Pipelined: sent now, so it shares a write with fn's first statement, which
      // PostgreSQL runs after it; if it fails, the transaction is aborted and nothing runs.
      const setup = client.unsafe(SCOPE_SQL, [role, settings.tenantId, settings.userId]);
      setup.execute();
      const [, result] = await Promise.all([setup, fn(tx)]);
      return result;
    }
    // One round trip: set_config('role', ..., true) is SET LOCAL ROLE.
    await tx.execute(
      sql`select set_config('role', ${role}, true), set_config('app.tenant_id', ${settings.tenantId}, true), set_config('app.user_id', ${settings.userId}, true)`,
    );
    return fn(tx);
  });
}

const dialect = new PgDialect({ casing: "snake_case" });

/**
 * Runs statements that do not depend on each other's results as one transaction, scoped
 * like scopedTransaction. On PostgreSQL it costs one round trip: BEGIN, the scope, the
 * statements and COMMIT go out together; after a failure PostgreSQL skips the rest and the
 * COMMIT rolls back, and the first error is thrown. Returns each statement's rows.
 * Private to db/: callers use withTenantPipeline.
 */
export async function scopedPipeline(
  settings: { tenantId: string; userId: string; role?: DbRole },
  statements: SQL[],
): Promise<Row[][]> {
  const handle = await getDb();
  const role = settings.role ?? "switchyard_app";
  if (!handle.pipeline) {
    return scopedTransaction(settings, async (tx) => {
      const out: Row[][] = [];
      for (const statement of statements) out.push(await rowsOf(tx, statement));
      return out;
    });
  }
  const results = await handle.pipeline([
    { sql: "begin", params: [] },
    { sql: SCOPE_SQL, params: [role, settings.tenantId, settings.userId] },
    ...statements.map((s) => dialect.sqlToQuery(s)),
    { sql: "commit", params: [] },
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.slice(2, -1).map((r) => (r as PromiseFulfilledResult<Row[]>).value);
}

const SCOPE_SQL = "select set_config('role', $1, true), set_config('app.tenant_id', $2, true), set_config('app.user_id', $3, true)";

type PipelinedQuery = Promise<unknown> & { execute: () => unknown };

/** The postgres.js connection behind a drizzle transaction (not on PGlite, which has no pipeline). */
function postgresClientOf(tx: Tx): { unsafe: (query: string, params: unknown[]) => PipelinedQuery } | null {
  const client = (tx as unknown as { session?: { client?: { unsafe?: unknown } } }).session?.client;
  return client && typeof client.unsafe === "function" && typeof (client as { savepoint?: unknown }).savepoint === "function"
    ? (client as { unsafe: (query: string, params: unknown[]) => PipelinedQuery })
    : null;
}
