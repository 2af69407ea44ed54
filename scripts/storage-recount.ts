import { EnvError, parseEnv } from "../lib/env";
import { closeDb, getDb } from "../db/client";
import { recountStorageUsage } from "../engine/storage/recount";

/**
 * `npm run storage:recount [-- --dry-run] [tenant ...]`: recomputes each tenant's storage
 * usage (the counter its `storageBytes` quota is checked against) from the files the backend
 * (STORAGE_URL) really holds, fixes the counters that drifted and prints before/after per
 * tenant. On the embedded database, stop the server first (one process per data directory).
 */
async function main() {
  try {
    parseEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[storage] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  const tenants = args.filter((a) => !a.startsWith("--"));
  await getDb();
  const rows = await recountStorageUsage({ dryRun, tenants: tenants.length ? tenants : undefined });
  const width = Math.max(6, ...rows.map((r) => r.tenantId.length));
  console.log(`${"tenant".padEnd(width)}  ${"before".padStart(14)}  ${"after".padStart(14)}  ${"drift".padStart(14)}`);
  for (const r of rows) {
    const drift = r.after - r.before;
    console.log(`${r.tenantId.padEnd(width)}  ${String(r.before).padStart(14)}  ${String(r.after).padStart(14)}  ${(drift > 0 ? `+${drift}` : String(drift)).padStart(14)}`);
  }
  const fixed = rows.filter((r) => r.after !== r.before).length;
  console.log(`[storage] ${rows.length} tenant(s), ${fixed} counter(s) ${dryRun ? "would be fixed (dry run: nothing written)" : "fixed"}`);
  await closeDb();
  process.exit(0);
}

void main();
