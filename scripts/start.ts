import { spawn, spawnSync } from "node:child_process";
import { EnvError, parseEnv, type Env } from "../lib/env";
import { resolveAuthSecret } from "../lib/auth/secret";
import { buildIsCurrent, markBuilt } from "./build-state";

/**
 * `npm start`: validates the configuration, builds when no current build exists, then
 * serves the production app. Migrations run inside the server (instrumentation.ts), the
 * only process that may open the embedded database.
 */
const NEXT = "node_modules/next/dist/bin/next";

let config: Env;
try {
  config = parseEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`[switchyard] ${error.message}`);
    process.exit(2);
  }
  throw error;
}

const env = { ...process.env, AUTH_SECRET: resolveAuthSecret(), AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true" };

if (!buildIsCurrent()) {
  console.log("[switchyard] building the app (first start or changed sources)...");
  const build = spawnSync(process.execPath, [NEXT, "build"], { stdio: "inherit", env: { ...env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) {
    console.error("[switchyard] the build failed; see above");
    process.exit(build.status ?? 1);
  }
  markBuilt();
}

const url = `http://localhost:${config.PORT}`;
const server = spawn(process.execPath, [NEXT, "start", "-p", String(config.PORT)], {
  stdio: "inherit",
  env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

async function announce() {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        const health = (await res.json()) as { setupRequired: boolean; database: string };
        console.log(`\n  Switchyard is running at ${url}`);
        if (config.SUPERADMIN_EMAIL) console.log(`  Sign in as ${config.SUPERADMIN_EMAIL} (password from SUPERADMIN_PASSWORD).`);
        else if (health.setupRequired) console.log(`  First login: open ${url}/setup to create the administrator account.`);
        else console.log(`  Sign in at ${url}/login`);
        console.log(`  Database: ${health.database === "pglite" ? `embedded PGlite in ${config.DATA_DIR}` : "PostgreSQL (DATABASE_URL)"}\n`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
void announce();
