import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { getDb } from "@/db/client";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { POISON_LIMIT } from "@/engine/worker/process";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/**
 * Issue 15's poison limit: an execution whose save the database keeps refusing ends FAILED
 * with the reason after POISON_LIMIT tries, instead of being retried forever. The refusal
 * is the database's own: a trigger that rejects this flow's SUCCESS document.
 */
let tenantId: string;

beforeAll(async () => {
  tenantId = (await seedTenant()).id;
  const { db } = await getDb();
  await db.execute(
    sql.raw(`create or replace function test_poison_guard() returns trigger language plpgsql as $$
      begin
        if new.tenant_id = '${tenantId}' and new.flow_id = 'poison' and new.document->'state'->>'current' = 'SUCCESS' then
          raise exception 'test: this document cannot be written';
        end if;
        return new;
      end $$`),
  );
  await db.execute(sql.raw(`create or replace trigger test_poison_guard before update on executions for each row execute function test_poison_guard()`));
  await startEngine({ leaseMs: 5000 });
});

afterAll(async () => {
  await stopEngine();
  const { db } = await getDb();
  await db.execute(sql.raw("drop trigger if exists test_poison_guard on executions"));
});

test("an execution whose save keeps failing ends FAILED with the reason", async () => {
  const source = `id: poison
namespace: company.team
tasks:
  - id: fine
    type: io.kestra.plugin.core.debug.Return
    format: all good
`;
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error("invalid");
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  const started = await startExecution({ tenantId, namespace: "company.team", flowId: "poison", inputs: {} });
  // 1 + 2 + 4 + 8 s of back-off between the tries.
  const done = await waitForEnd(tenantId, started.id, 60_000);
  expect(done?.state.current).toBe("FAILED");
  const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: started.id }));
  expect(logs.map((l) => l.message)).toContainEqual(
    expect.stringMatching(new RegExp(`could not be saved after ${POISON_LIMIT} attempts.*test: this document cannot be written`)),
  );
}, 90_000);
