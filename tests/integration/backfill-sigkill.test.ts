import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, expect, test } from "vitest";
import { testDatabaseUrl } from "../helpers/test-db";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { executions, triggers } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { createBackfillOperation } from "@/lib/server/triggers/backfill";
import { seedTenant, seedUser } from "../helpers/seed";

/**
 * A backfill of 1,000 past dates run by a scheduler process killed with SIGKILL halfway and
 * a second one that resumes it: exactly 1,000 executions, each date once. Needs PostgreSQL:
 * PGlite cannot be opened by two processes (on PGlite the same crash is simulated in
 * scheduler.test.ts with a lease that expires).
 */
const onPostgres = process.env.SWITCHYARD_TEST_DB === "postgres";
const ROOT = path.resolve(__dirname, "../..");
const children: ChildProcess[] = [];

function startScheduler(url: string, tenantId: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/backfill-scheduler.ts", tenantId], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr?.on("data", (d) => process.stderr.write(`[scheduler ${child.pid}] ${d}`));
  children.push(child);
  return child;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
});

const HOUR = 3600_000;

test.skipIf(!onPostgres)("a 1,000-date backfill survives its scheduler killed with SIGKILL halfway: 1,000 executions, each date once", { timeout: 240_000 }, async () => {
  const tenantId = (await seedTenant()).id;
  const admin = await seedUser({ access: [tenantId], roles: { [tenantId]: "admin" } });
  const source = `id: hourly\nnamespace: sigkill.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.log.Log\n    message: "{{ trigger.date }}"\ntriggers:\n  - id: every-hour\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 * * * *"\n    timezone: UTC\n`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const end = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
  const start = new Date(end.getTime() - 999 * HOUR);
  const key = { namespace: "sigkill.team", flowId: "hourly", triggerId: "every-hour" };
  const created = await createBackfillOperation({ ctx: { tenantId, userId: admin.id }, can: () => true, key, backfill: { start, end } });
  expect(created.backfill?.total).toBe(1000);

  // Backfill executions only: a regular fire of the next hour (if the test crosses one) is not counted.
  const backfilled = async () => {
    const rows = await withTenant({ tenantId }, (tx) => tx.select({ document: executions.document }).from(executions));
    return rows
      .map((r) => Date.parse(String(r.document.trigger?.variables?.date)))
      .filter((d) => d <= end.getTime());
  };
  const url = testDatabaseUrl();

  const first = startScheduler(url, tenantId);
  let seen = 0;
  const deadline = Date.now() + 120_000;
  while ((seen = (await backfilled()).length) < 400) {
    if (Date.now() > deadline) throw new Error(`the first scheduler fired ${seen} dates in 2 minutes`);
    await new Promise((r) => setTimeout(r, 20));
  }
  first.kill("SIGKILL");
  await new Promise((r) => first.once("exit", r));
  const atKill = (await backfilled()).length;
  expect(atKill).toBeGreaterThanOrEqual(400);
  expect(atKill).toBeLessThan(1000);

  const second = startScheduler(url, tenantId);
  for (;;) {
    const [row] = await withTenant({ tenantId }, (tx) => tx.select().from(triggers).where(eq(triggers.flowId, "hourly")));
    if (row.backfill === null && row.lockOwner === null) break;
    if (Date.now() > deadline + 60_000) throw new Error(`backfill stuck at ${JSON.stringify(row.backfill)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  second.kill("SIGKILL");
  const dates = await backfilled();
  expect(dates).toHaveLength(1000);
  expect(new Set(dates).size).toBe(1000);
  expect(Math.min(...dates)).toBe(start.getTime());
  expect(Math.max(...dates)).toBe(end.getTime());
  console.log(`[backfill-sigkill] killed at ${atKill}/1000; resumed to 1000 distinct dates`);
});
