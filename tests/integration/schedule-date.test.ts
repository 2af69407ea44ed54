import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { workItems } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { readExecution, waitForEnd } from "@/lib/server/executions/commands";
import type { Execution } from "@/engine/executor";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/** Kestra's `scheduleDate` on POST /executions/{namespace}/{flowId}: created now, run when the date comes. */

let A: string;
let auth: string;
let routes: RouteFile[];

const flow = `id: later\nnamespace: company.team\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.debug.Return\n    format: done\n`;

beforeAll(async () => {
  routes = await loadRoutes((p) => p === "[tenant]/executions/[executionId]/[id]");
  A = (await seedTenant()).id;
  auth = basicAuth((await seedUser({ access: [A], roles: { [A]: "admin" } })).email);
  const parsed = validateFlowSource(flow);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId: A }, (tx) => saveFlow(tx, { tenantId: A, flow: parsed.flow, source: flow, authorId: null, mode: "upsert" }));
});
afterAll(async () => {
  await stopEngine();
});

const create = (query: string) =>
  call(routes[0], "POST", { params: { tenant: A, executionId: "company.team", id: "later" }, auth, rawBody: "", contentType: "application/x-www-form-urlencoded", query });

const runAt = async (id: string) => (await withTenant({ tenantId: A }, (tx) => tx.select().from(workItems).where(eq(workItems.executionId, id))))[0]?.runAt;

describe("executions created with a scheduleDate", () => {
  test("a bad scheduleDate is a 422 naming it", async () => {
    for (const bad of ["tomorrow", "2026-13-01T00:00:00Z", "2026-01-01T10:00:00"]) {
      const res = await create(`scheduleDate=${encodeURIComponent(bad)}`);
      expect(res.status).toBe(422);
      expect(res.text).toContain("scheduleDate");
    }
  });

  test("the execution is CREATED at once, waits for its date, survives a restart of the engine and then runs", async () => {
    await startEngine({ leaseMs: 5000 });
    const date = new Date(Date.now() + 2500);
    const res = await create(`scheduleDate=${encodeURIComponent(date.toISOString())}`);
    expect(res.status).toBe(200);
    const created = res.json as Execution;
    expect(created.state.current).toBe("CREATED");
    expect(created.scheduleDate).toBe(date.toISOString());
    // Stored with the queue: the item is due at the date, so any process picks it up then.
    expect((await runAt(created.id))?.getTime()).toBe(date.getTime());

    // The engine stops (a restart) before the date; nothing ran meanwhile.
    await new Promise((r) => setTimeout(r, 800));
    await stopEngine();
    expect((await readExecution(A, created.id))?.state.current).toBe("CREATED");

    // A fresh engine finds it in the database and runs it when the date comes, not before.
    await startEngine({ leaseMs: 5000 });
    const done = await waitForEnd(A, created.id, 20_000);
    expect(done?.state.current).toBe("SUCCESS");
    const running = done!.state.histories.find((h) => h.state === "RUNNING")!;
    expect(Date.parse(running.date)).toBeGreaterThanOrEqual(date.getTime());
    expect(done!.state.histories[0]).toMatchObject({ state: "CREATED" });
    expect(Date.parse(done!.state.histories[0].date)).toBeLessThan(date.getTime());
  });

  test("a date in the past runs at once", async () => {
    await startEngine({ leaseMs: 5000 });
    const res = await create(`scheduleDate=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&wait=true`);
    expect(res.status).toBe(200);
    expect((res.json as Execution).state.current).toBe("SUCCESS");
  });
});
