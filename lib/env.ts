import { z } from "zod";
import { isNetwork } from "../engine/net/policy";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** A whole number written in decimal digits only: `30s`, `1e3` or `abc` are refused, never NaN. */
const wholeNumber = (min: number, max: number, what: string) =>
  z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export type StorageConfig =
  | { kind: "local" }
  | { kind: "postgres" }
  | { kind: "s3"; bucket: string; prefix: string; endpoint?: string; region: string; forcePathStyle: boolean };

/**
 * Where internal storage lives: `local` (DATA_DIR/storage, one process), `postgres` (a table
 * in the instance's database, shared by every process) or
 * `s3://bucket/prefix?endpoint=...&region=...&forcePathStyle=true` (S3-compatible).
 */
export function parseStorageUrl(value: string): StorageConfig | string {
  const v = value.trim();
  if (v === "local" || v === "file" || v === "disk") return { kind: "local" };
  if (/^postgres(ql)?:?(\/\/)?$/.test(v)) return { kind: "postgres" };
  if (!v.startsWith("s3://")) return "must be local, postgres or s3://bucket/prefix?region=...";
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return "is not a valid s3:// URL";
  }
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return "must name a bucket (3-63 lowercase letters, digits, dots or dashes): s3://bucket/prefix";
  const prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, "");
  if (prefix.split("/").some((p) => p === ".." || p === ".")) return "prefix must not contain . or .. segments";
  const known = new Set(["endpoint", "region", "forcePathStyle"]);
  for (const key of url.searchParams.keys()) if (!known.has(key)) return `unknown parameter ${key} (known: endpoint, region, forcePathStyle)`;
  const endpoint = url.searchParams.get("endpoint") ?? undefined;
  if (endpoint !== undefined) {
    try {
      const e = new URL(endpoint);
      if (e.protocol !== "http:" && e.protocol !== "https:") return "endpoint must be an http(s):// URL";
    } catch {
      return "endpoint must be an http(s):// URL";
    }
  }
  const style = url.searchParams.get("forcePathStyle");
  if (style !== null && !["true", "false"].includes(style)) return "forcePathStyle must be true or false";
  return { kind: "s3", bucket, prefix, endpoint, region: url.searchParams.get("region") || "us-east-1", forcePathStyle: style === "true" };
}

const envSchema = z.object({
  PORT: wholeNumber(1, 65535, "a port number").default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  SUPERADMIN_EMAIL: z.email({ message: "must be an email address" }).optional(),
  SUPERADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  /**
   * Master key of secrets (any string of 32+ characters, ideally `openssl rand -base64 32`):
   * it wraps each tenant's data key. Unset: one is generated into DATA_DIR/secrets-key.
   */
  SECRETS_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  MULTI_TENANCY: boolish.default(true),
  /** Run a worker inside the web process (on PGlite it is the only one there can be). */
  WORKER: boolish.default(true),
  /** How long a worker holds an execution before another may take it over. */
  SWITCHYARD_LEASE_MS: wholeNumber(100, 24 * 3600_000, "a number of milliseconds").default(30_000),
  /** Internal storage: local (default), postgres, or s3://bucket/prefix?endpoint=...&region=...&forcePathStyle=true. */
  STORAGE_URL: z
    .string()
    .default("local")
    .transform((v, ctx) => {
      const parsed = parseStorageUrl(v);
      if (typeof parsed === "string") {
        ctx.addIssue({ code: "custom", message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** Executions a worker advances at once; unset means 32 on PostgreSQL, 4 on PGlite. */
  WORKER_CONCURRENCY: wholeNumber(1, 10_000, "a whole number").optional(),
  DATABASE_POOL_SIZE: wholeNumber(1, 1000, "a whole number").default(20),
  /**
   * Script tasks run in a bubblewrap sandbox. `off` runs them as bare processes with the
   * server's rights: unsafe as soon as more than one tenant (or any untrusted author) exists.
   */
  SCRIPT_SANDBOX: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  /** Scripts of one tenant running at once in one worker process. */
  SCRIPT_SLOTS_PER_TENANT: wholeNumber(1, 64, "a whole number").default(4),
  /** Scripts running at once in one worker process, all tenants together. */
  SCRIPT_SLOTS: wholeNumber(1, 64, "a whole number").default(8),
  /** Per script: address space (MB), CPU seconds, processes, bytes written (MB), wall time (s). */
  SCRIPT_MEMORY_MB: wholeNumber(64, 1_000_000, "a whole number").default(1024),
  SCRIPT_CPU_SECONDS: wholeNumber(1, 1_000_000, "a whole number").default(600),
  SCRIPT_PROCESSES: wholeNumber(4, 1_000_000, "a whole number").default(128),
  SCRIPT_DISK_MB: wholeNumber(1, 1_000_000, "a whole number").default(512),
  SCRIPT_WALL_SECONDS: wholeNumber(1, 1_000_000, "a whole number").default(3600),
  /**
   * Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated).
   * Unset: the socket's address is the client's, whatever the headers say.
   */
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .refine((list) => list.every(isNetwork), "must be IP addresses or CIDR ranges, comma-separated"),
  /** Worker threads that run templates and task code off the request loop; 0 runs them inline. */
  ENGINE_THREADS: wholeNumber(0, 64, "a whole number").default(2),
  /** CPU time one task run (or one advance of an execution) may use before it fails. */
  TASK_CPU_BUDGET_MS: wholeNumber(10, 3_600_000, "a number of milliseconds").default(1000),
  /** Executions of one tenant a worker advances at once (default: WORKER_CONCURRENCY less a quarter). */
  ENGINE_TENANT_SLOTS: wholeNumber(1, 10_000, "a whole number").optional(),
  /** Webhook calls one tenant may make per second, per process (a token bucket); 0 turns the limit off. */
  WEBHOOK_RATE_PER_SECOND: wholeNumber(0, 1_000_000, "a whole number").default(50),
  /** Webhook calls one tenant may make at once above that rate (the bucket's size). */
  WEBHOOK_RATE_BURST: wholeNumber(1, 1_000_000, "a whole number").default(100),
  /** Instance defaults of the per-tenant quotas (TenantQuotas) for tenants that set none; unset: unlimited. */
  QUOTA_DEFAULT_MAX_RUNNING_EXECUTIONS: wholeNumber(1, 1_000_000, "a whole number").optional(),
  QUOTA_DEFAULT_REQUESTS_PER_SECOND: wholeNumber(1, 1_000_000, "a whole number").optional(),
  QUOTA_DEFAULT_STORAGE_BYTES: wholeNumber(1, Number.MAX_SAFE_INTEGER, "a number of bytes").optional(),
  QUOTA_DEFAULT_RETENTION_DAYS: wholeNumber(1, 36_500, "a number of days").optional(),
});

export type Env = z.infer<typeof envSchema>;

/** The variables this file reads; nothing else in the code reads process.env for settings. */
const ENV_KEYS = Object.keys(envSchema.shape) as (keyof Env)[];

export class EnvError extends Error {}

/** Validates the environment; the message names every wrong variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const known = Object.fromEntries(ENV_KEYS.map((k) => [k, source[k]]).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(known);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (Boolean(result.data.SUPERADMIN_EMAIL) !== Boolean(result.data.SUPERADMIN_PASSWORD)) {
    throw new EnvError("Invalid configuration:\n  SUPERADMIN_PASSWORD: SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD go together");
  }
  return result.data;
}

let cached: { key: string; env: Env } | undefined;

/**
 * The validated environment. Parsed again only when one of its variables changed (tests
 * flip MULTI_TENANCY; the generated AUTH_SECRET is set at start), so every reader sees
 * the same rules and a wrong value throws an EnvError naming the variable.
 */
export function env(): Env {
  const key = ENV_KEYS.map((k) => process.env[k] ?? "").join("\u0000");
  if (cached?.key !== key) cached = { key, env: parseEnv() };
  return cached.env;
}

/** The `ENV_*` variables (`ENV_FOO=bar` is `{{ envs.foo }}` in flows, as in Kestra). */
export function flowEnvs(source: Record<string, string | undefined> = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source)
      .filter((entry): entry is [string, string] => entry[0].startsWith("ENV_") && entry[1] !== undefined)
      .map(([k, v]) => [k.slice(4).toLowerCase(), v]),
  );
}

/** The id of the only tenant when MULTI_TENANCY=false. */
export const DEFAULT_TENANT = "main";
