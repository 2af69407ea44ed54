import { z } from "zod";

const boolish = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const envSchema = z.object({
  PORT: z.coerce.number({ message: "must be a port number" }).int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  SUPERADMIN_EMAIL: z.email({ message: "must be an email address" }).optional(),
  SUPERADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
  AUTH_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  MULTI_TENANCY: boolish.default(true),
  /** Run a worker inside the web process (on PGlite it is the only one there can be). */
  WORKER: boolish.default(true),
  /** Worker threads that run templates and task code off the request loop; 0 runs them inline. */
  ENGINE_THREADS: z.coerce.number({ message: "must be a whole number" }).int().min(0).max(64).default(2),
  /** CPU time one task run (or one advance of an execution) may use before it fails. */
  TASK_CPU_BUDGET_MS: z.coerce.number({ message: "must be a number of milliseconds" }).int().min(10).default(1000),
  /** Executions of one tenant a worker advances at once (default: WORKER_CONCURRENCY less a quarter). */
  ENGINE_TENANT_SLOTS: z.coerce.number({ message: "must be a whole number" }).int().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Validates the environment; the message names every wrong variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (Boolean(result.data.SUPERADMIN_EMAIL) !== Boolean(result.data.SUPERADMIN_PASSWORD)) {
    throw new EnvError("Invalid configuration:\n  SUPERADMIN_PASSWORD: SUPERADMIN_EMAIL and SUPERADMIN_PASSWORD go together");
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated environment, read once per process. */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}

/** The id of the only tenant when MULTI_TENANCY=false. */
export const DEFAULT_TENANT = "main";
