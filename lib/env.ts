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
  /**
   * Script tasks run in a bubblewrap sandbox. `off` runs them as bare processes with the
   * server's rights: unsafe as soon as more than one tenant (or any untrusted author) exists.
   */
  SCRIPT_SANDBOX: z.enum(["on", "off"], { message: "must be on or off" }).default("on"),
  /** Scripts of one tenant running at once in one worker process. */
  SCRIPT_SLOTS_PER_TENANT: z.coerce.number({ message: "must be a number" }).int().min(1).max(64).default(4),
  /** Scripts running at once in one worker process, all tenants together. */
  SCRIPT_SLOTS: z.coerce.number({ message: "must be a number" }).int().min(1).max(64).default(8),
  /** Per script: address space (MB), CPU seconds, processes, bytes written (MB), wall time (s). */
  SCRIPT_MEMORY_MB: z.coerce.number({ message: "must be a number" }).int().min(64).default(1024),
  SCRIPT_CPU_SECONDS: z.coerce.number({ message: "must be a number" }).int().min(1).default(600),
  SCRIPT_PROCESSES: z.coerce.number({ message: "must be a number" }).int().min(4).default(128),
  SCRIPT_DISK_MB: z.coerce.number({ message: "must be a number" }).int().min(1).default(512),
  SCRIPT_WALL_SECONDS: z.coerce.number({ message: "must be a number" }).int().min(1).default(3600),
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
