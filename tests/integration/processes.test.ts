import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { withInstance } from "@/db/tenant";
import { instanceAuditLogs, users } from "@/db/schema";
import { ensureSuperadminFromEnv } from "@/lib/auth/bootstrap";
import { announceEnd, announceEndsAcrossProcesses, EXECUTION_END_CHANNEL, nextExecutionSignal, signalExecution } from "@/engine/worker/wakeup";
import { newId } from "@/lib/ids";

/** What several processes on one database rely on (scripts/load.ts runs the real thing). */
describe("several processes", () => {
  const saved = { email: process.env.SUPERADMIN_EMAIL, password: process.env.SUPERADMIN_PASSWORD };
  afterEach(() => {
    process.env.SUPERADMIN_EMAIL = saved.email;
    process.env.SUPERADMIN_PASSWORD = saved.password;
    if (saved.email === undefined) delete process.env.SUPERADMIN_EMAIL;
    if (saved.password === undefined) delete process.env.SUPERADMIN_PASSWORD;
  });

  test("processes starting together create the env superadmin once, with one audit entry", async () => {
    const email = `admin-${newId(8).toLowerCase()}@example.test`;
    process.env.SUPERADMIN_EMAIL = email;
    process.env.SUPERADMIN_PASSWORD = "correct horse battery";
    const results = await Promise.all([ensureSuperadminFromEnv(), ensureSuperadminFromEnv(), ensureSuperadminFromEnv()]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const found = await withInstance((tx) => tx.select({ id: users.id }).from(users).where(eq(users.email, email)));
    expect(found).toHaveLength(1);
    const entries = await withInstance((tx) =>
      tx.select().from(instanceAuditLogs).where(and(eq(instanceAuditLogs.targetType, "USER"), eq(instanceAuditLogs.targetId, email))),
    );
    expect(entries).toHaveLength(1);
  });

  test.skipIf(process.env.SWITCHYARD_TEST_DB !== "postgres")("a worker process's execution end reaches a web process's waiters through NOTIFY", async () => {
    const handle = await getDb();
    // As lib/boot.ts does in a web process.
    await handle.listen!(EXECUTION_END_CHANNEL, (payload) => {
      const at = payload.indexOf(":");
      if (at > 0) signalExecution(payload.slice(0, at), payload.slice(at + 1));
    });
    // Without the NOTIFY the waiter would wake at its 10 s timeout.
    const waited = nextExecutionSignal("some-tenant", "exec-1", 10_000).then(() => performance.now());
    const t0 = performance.now();
    announceEndsAcrossProcesses();
    announceEnd("some-tenant", "exec-1");
    expect((await waited) - t0).toBeLessThan(5_000);
  });
});
