import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { saveFlow } from "@/db/queries/flows";
import { findExecutionLogs } from "@/db/queries/logs";
import { saveNamespaceSettings } from "@/db/queries/namespaces";
import { findAuditLogs } from "@/db/queries/access";
import { getTrigger } from "@/db/queries/triggers";
import type { Execution } from "@/engine/executor";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { seedTenant } from "../helpers/seed";

/**
 * Issue 14: trigger.Toggle on the real engine (worker threads, the trigger state table).
 * It changes the trigger's state in the running execution's tenant only: tenant B holds the
 * same namespace, flow and trigger ids, and its trigger stays enabled and scheduled. Another
 * namespace's trigger is reached only where that namespace allows it.
 */
beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

/** A yearly Schedule: it never fires during the test, but has a next date while enabled. */
const scheduled = (namespace = "iso.toggle") => `id: scheduled
namespace: ${namespace}
tasks:
  - id: a
    type: io.kestra.plugin.core.log.Log
    message: tick
triggers:
  - id: yearly
    type: io.kestra.plugin.core.trigger.Schedule
    cron: "0 0 1 1 *"
`;

async function save(tenantId: string, source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

async function toggle(tenantId: string, props: string, namespace = "iso.toggle"): Promise<{ execution: Execution; messages: string[] }> {
  await save(tenantId, `id: toggler\nnamespace: ${namespace}\ntasks:\n  - id: t\n    type: io.kestra.plugin.core.trigger.Toggle\n${props}`);
  const started = await startExecution({ tenantId, namespace, flowId: "toggler", inputs: {} });
  const execution = await waitForEnd(tenantId, started.id, 20_000);
  if (!execution) throw new Error("execution did not end");
  const logs = await withTenant({ tenantId }, (tx) => findExecutionLogs(tx, { executionId: execution.id }));
  return { execution, messages: logs.map((l) => l.message) };
}

const state = (tenantId: string, namespace = "iso.toggle") =>
  withTenant({ tenantId }, (tx) => getTrigger(tx, { namespace, flowId: "scheduled", triggerId: "yearly" }));

describe("trigger.Toggle stays in its tenant", () => {
  test("disables and enables tenant A's trigger; tenant B's same-named trigger is untouched", { timeout: 60_000 }, async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    for (const t of [a, b]) await save(t, scheduled());
    const before = await state(b);
    expect(before?.disabled).toBe(false);
    expect(before?.nextExecutionDate).not.toBeNull();

    const off = await toggle(a, "    flowId: scheduled\n    trigger: yearly\n    enabled: false");
    expect(off.execution.state.current).toBe("SUCCESS");
    expect(await state(a)).toMatchObject({ disabled: true, nextExecutionDate: null });
    expect(await state(b)).toMatchObject({ disabled: false, nextExecutionDate: before!.nextExecutionDate });
    const audit = await withTenant({ tenantId: a }, (tx) => findAuditLogs(tx, { page: 1, size: 50 }));
    expect(audit.results.some((r) => r.resourceType === "TRIGGER" && r.resourceId === "iso.toggle.scheduled.yearly")).toBe(true);
    const auditB = await withTenant({ tenantId: b }, (tx) => findAuditLogs(tx, { page: 1, size: 50 }));
    expect(auditB.results.some((r) => r.resourceType === "TRIGGER")).toBe(false);

    // Tenant B disables its own: A's state does not move with it.
    await toggle(b, "    flowId: scheduled\n    trigger: yearly");
    expect((await state(b))?.disabled).toBe(true);
    const on = await toggle(a, "    flowId: scheduled\n    trigger: yearly\n    enabled: true");
    expect(on.execution.state.current).toBe("SUCCESS");
    const enabled = await state(a);
    expect(enabled?.disabled).toBe(false);
    expect(enabled?.nextExecutionDate?.getTime()).toBeGreaterThan(Date.now());
    expect((await state(b))?.disabled).toBe(true);
  });

  test("an unknown flow or trigger fails the task; another namespace only where it allows it", { timeout: 60_000 }, async () => {
    const a = (await seedTenant()).id;
    const b = (await seedTenant()).id;
    await save(a, scheduled());
    await save(b, scheduled("carol"));

    // Tenant B's flow does not exist for tenant A.
    const missing = await toggle(a, "    namespace: carol\n    flowId: scheduled\n    trigger: yearly", "carol");
    expect(missing.execution.state.current).toBe("FAILED");
    expect(missing.messages.join("\n")).toContain("Unable to find flow carol.scheduled");
    expect((await state(b, "carol"))?.disabled).toBe(false);

    const unknown = await toggle(a, "    flowId: scheduled\n    trigger: nope");
    expect(unknown.execution.state.current).toBe("FAILED");
    expect(unknown.messages.join("\n")).toContain("Unable to find trigger nope for the flow iso.toggle.scheduled");

    const outsider = await toggle(a, "    namespace: iso.toggle\n    flowId: scheduled\n    trigger: yearly", "carol");
    expect(outsider.execution.state.current).toBe("FAILED");
    expect(outsider.messages.join("\n")).toContain("Namespace 'iso.toggle' does not allow flows of namespace 'carol'");
    expect((await state(a))?.disabled).toBe(false);

    await withTenant({ tenantId: a }, (tx) => saveNamespaceSettings(tx, { tenantId: a, namespace: "iso.toggle", allowedNamespaces: ["carol"] }));
    const allowed = await toggle(a, "    namespace: iso.toggle\n    flowId: scheduled\n    trigger: yearly", "carol");
    expect(allowed.execution.state.current).toBe("SUCCESS");
    expect((await state(a))?.disabled).toBe(true);
  });
});
