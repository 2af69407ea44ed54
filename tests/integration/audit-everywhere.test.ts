import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { eq } from "drizzle-orm";
import { withInstance, withTenant } from "@/db/tenant";
import { createBinding, createRole, findAuditLogs } from "@/db/queries/access";
import { setKv } from "@/db/queries/kv";
import { upsertSecret } from "@/db/queries/secrets";
import { sealSecret } from "@/lib/secrets/crypto-store";
import { storeNamespaceFile } from "@/lib/namespace-files/store";
import { createApiToken } from "@/db/queries/tokens";
import { insertGroup, insertGroupMember, insertInvitation, insertServiceAccount, insertServiceAccountToken } from "@/db/queries/iam";
import { saveFlow } from "@/db/queries/flows";
import { instanceAuditLogs } from "@/db/schema";
import { validateFlowSource } from "@/engine/flow/validate";
import { startEngine, stopEngine } from "@/engine/worker";
import { readExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { createBackfillOperation, pauseBackfillOperation } from "@/lib/server/triggers/backfill";
import { triggers as triggerStates } from "@/db/schema";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";

/**
 * One door per operation: every API route and every server action that writes leaves
 * exactly one audit entry (same action, resource and actor, in the caller's tenant)
 * whichever door was used, and reads leave none. The route and action lists are walked
 * from the code, so a new write path without a scenario here fails this test.
 */
type SessionUser = { id: string; email: string; name: string; superAdmin: boolean };
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/ui/session", () => ({ currentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, refresh: () => {} }));

const ACTION_MODULES = {
  executions: await import("@/lib/actions/executions"),
  flows: await import("@/lib/actions/flows"),
  access: await import("@/lib/actions/access"),
  roles: await import("@/lib/actions/roles"),
  tenants: await import("@/lib/actions/tenants"),
  users: await import("@/lib/actions/users"),
  tokens: await import("@/lib/actions/tokens"),
  triggers: await import("@/lib/actions/triggers"),
  secrets: await import("@/lib/actions/secrets"),
  "namespace-files": await import("@/lib/actions/namespace-files"),
  groups: await import("@/lib/actions/groups"),
  "service-accounts": await import("@/lib/actions/service-accounts"),
  invitations: await import("@/lib/actions/invitations"),
};

/** Exports of lib/actions that are not operations on a resource: validation as you type. */
const NOT_OPERATIONS = new Set(["flows.validateFlowDraft"]);
/**
 * Files of lib/actions that hold no operation: the wrapper, and signing in and out (the
 * first-run setup records its superadmin in the instance log; Auth.js does not load here).
 */
const NOT_OPERATION_FILES = new Set(["wrapper.ts", "auth.ts"]);
/** Routes whose POST writes nothing. */
const READ_POSTS = new Set(["POST [tenant]/flows/validate"]);

type Entry = { action: string; resourceType: string; resourceId: unknown; actorId: string | null };
type Request = { params: Record<string, string>; body?: unknown; rawBody?: string; contentType?: string; query?: string };
type Prepared = { id: string; [key: string]: string };
type Scenario<P = Prepared> = {
  /** Fresh state for one run (each door gets its own). */
  prepare: () => Promise<P>;
  api?: { route: string; method: Method; request: (p: P) => Request };
  action?: { name: string; input: (p: P) => Record<string, unknown> };
  /** Who acts: a tenant admin (default), a superadmin, or nobody (a webhook's key). */
  by?: "admin" | "superadmin" | "nobody";
  /** Where the entry lands: the tenant's audit log (default) or the instance's. */
  log?: "tenant" | "instance";
  /** The entry both doors must leave; `resourceId` may depend on the answer (a new execution's id). */
  expected: (p: P, created: { id?: string }) => Omit<Entry, "actorId">;
};

let tenant: string;
let other: string;
let admin: Awaited<ReturnType<typeof seedUser>>;
let superadmin: Awaited<ReturnType<typeof seedUser>>;
let routes: RouteFile[];
let n = 0;

const flowSource = (id: string, tasks: string, namespace = "company.team") => `id: ${id}\nnamespace: ${namespace}\ntasks:\n${tasks}`;
const LOG = "  - id: say\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n";
const PAUSE = "  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n";
const FAIL = "  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n";

async function addFlow(source: string) {
  const parsed = validateFlowSource(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  await withTenant({ tenantId: tenant }, (tx) => saveFlow(tx, { tenantId: tenant, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
}

/** An execution of `flowId` (started without a door, so unaudited) once it reaches `state`. */
async function executionIn(flowId: string, state: string): Promise<{ id: string }> {
  const started = await startExecution({ tenantId: tenant, namespace: "company.team", flowId, inputs: {} });
  // Generous: the first one also waits for the engine threads to warm up, slow on a loaded machine.
  const deadline = Date.now() + 45_000;
  for (;;) {
    const current = await waitForEnd(tenant, started.id, 300);
    if (current?.state.current === state) return { id: started.id };
    if (Date.now() > deadline) throw new Error(`execution ${started.id} is ${current?.state.current}, not ${state}`);
  }
}

/** A fresh flow of its own for one run, so doors never share rows. */
async function freshFlow(): Promise<{ id: string }> {
  const id = `f${++n}`;
  await addFlow(flowSource(id, LOG));
  return { id };
}

/** A user with access to the tenant and no role yet. */
async function freshMember(): Promise<Prepared> {
  const user = await seedUser({ access: [tenant] });
  return { id: user.id, email: user.email };
}

/** A fresh flow with a daily Schedule trigger `every`, its state row made by the save. */
async function freshSchedule(): Promise<Prepared> {
  const id = `s${++n}`;
  await addFlow(flowSource(id, LOG) + `triggers:\n  - id: every\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "0 3 * * *"\n`);
  return { id, namespace: "company.team", flowId: id, triggerId: "every" };
}

const triggerKeyOf = (p: Prepared) => ({ namespace: p.namespace, flowId: p.flowId, triggerId: p.triggerId });
async function freshSecret(): Promise<Prepared> {
  const key = `S${++n}`;
  const where = { tenantId: tenant, namespace: "company.team", key };
  await withTenant({ tenantId: tenant }, async (tx) => upsertSecret(tx, { ...where, value: await sealSecret(tx, where, "first-value"), description: null, tags: [] }));
  return { id: key };
}

async function freshNamespaceFile(): Promise<Prepared> {
  const path = `/f${++n}.sql`;
  await withTenant({ tenantId: tenant }, (tx) => storeNamespaceFile(tx, tenant, "company.team", path, Buffer.from("select 1")));
  return { id: path };
}

const triggerEntry = (p: Prepared) => ({ action: "UPDATE", resourceType: "TRIGGER", resourceId: `${p.namespace}.${p.flowId}.${p.triggerId}` });
const systemCtx = () => ({ tenantId: tenant, userId: superadmin.id });

/** A schedule whose lease a dead scheduler holds. */
async function freshLockedSchedule(): Promise<Prepared> {
  const p = await freshSchedule();
  await withTenant({ tenantId: tenant }, (tx) =>
    tx.update(triggerStates).set({ lockOwner: "dead-scheduler", lockUntil: new Date(Date.now() + 60_000) }).where(eq(triggerStates.flowId, p.flowId)),
  );
  return p;
}

/** A schedule with a backfill of yesterday's date under way (paused when asked). */
async function freshBackfill(paused = false): Promise<Prepared> {
  const p = await freshSchedule();
  const caller = { ctx: systemCtx(), can: () => true, key: triggerKeyOf(p) };
  await createBackfillOperation({ ...caller, backfill: { start: new Date(Date.now() - 2 * 86_400_000), end: new Date(Date.now() - 86_400_000) } });
  if (paused) await pauseBackfillOperation({ ...caller, paused: true });
  return p;
}

async function freshGroup(): Promise<Prepared> {
  const group = await withTenant({ tenantId: tenant }, (tx) => insertGroup(tx, { tenantId: tenant, name: `group ${++n}` }));
  return { id: group.id, name: group.name };
}

async function freshServiceAccount(): Promise<Prepared> {
  const account = await withTenant({ tenantId: tenant }, (tx) => insertServiceAccount(tx, { tenantId: tenant, name: `bot ${++n}` }));
  return { id: account.id, name: account.name };
}

/** A pending invitation, addressed to `email` (a fresh address by default). */
async function freshInvitation(email = `invitee-${++n}@example.test`): Promise<Prepared> {
  const invitation = await withTenant({ tenantId: tenant }, (tx) =>
    insertInvitation(tx, { tenantId: tenant, email, bindings: [], invitedBy: null, expiresAt: new Date(Date.now() + 86_400_000) }),
  );
  return { id: invitation.id, email };
}

async function freshRole(): Promise<Prepared> {
  const role = await withTenant({ tenantId: tenant }, (tx) => createRole(tx, { tenantId: tenant, name: `role ${++n}`, permissions: { FLOW: ["READ"] } }));
  return { id: role.id };
}

async function freshBinding(): Promise<Prepared> {
  const member = await freshMember();
  const binding = await withTenant({ tenantId: tenant }, (tx) => createBinding(tx, { tenantId: tenant, type: "USER", externalId: member.id, roleId: "viewer" }));
  return { id: binding.id, userId: member.id };
}

async function freshToken(owner: { id: string }): Promise<Prepared> {
  const token = await withInstance((tx) => createApiToken(tx, { userId: owner.id, name: `token ${++n}` }));
  return { id: token.id, userId: owner.id };
}

async function tenantEntries(tenantId: string): Promise<Map<string, Entry>> {
  const { results } = await withTenant({ tenantId }, (tx) => findAuditLogs(tx, { page: 1, size: 10_000 }));
  return new Map(results.map((r) => [r.id, { action: r.action, resourceType: r.resourceType, resourceId: r.resourceId, actorId: r.actorId }]));
}

async function instanceEntries(): Promise<Map<string, Entry>> {
  const rows = await withInstance((tx) => tx.select().from(instanceAuditLogs));
  return new Map(rows.map((r) => [r.id, { action: r.action, resourceType: r.targetType, resourceId: r.targetId, actorId: r.actorId }]));
}

type Snapshot = { mine: Map<string, Entry>; theirs: Map<string, Entry>; instance: Map<string, Entry> };
const snapshot = async (): Promise<Snapshot> => ({ mine: await tenantEntries(tenant), theirs: await tenantEntries(other), instance: await instanceEntries() });
const added = (before: Map<string, Entry>, after: Map<string, Entry>) => [...after].filter(([id]) => !before.has(id)).map(([, e]) => e);

const scenarios: Record<string, Scenario> = {
  "start an execution": {
    prepare: freshFlow,
    api: { route: "[tenant]/executions/[executionId]/[id]", method: "POST", request: (p) => ({ params: { executionId: "company.team", id: p.id } }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "EXECUTION", resourceId: created.id! }),
  },
  "kill an execution": {
    prepare: () => executionIn("gate", "PAUSED"),
    api: { route: "[tenant]/executions/[executionId]/kill", method: "DELETE", request: (p) => ({ params: { executionId: p.id } }) },
    action: { name: "executions.killExecutionAction", input: (p) => ({ id: p.id }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "restart an execution": {
    prepare: () => executionIn("boom", "FAILED"),
    api: { route: "[tenant]/executions/[executionId]/restart", method: "POST", request: (p) => ({ params: { executionId: p.id } }) },
    action: { name: "executions.restartExecutionAction", input: (p) => ({ id: p.id }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "change a task run's state": {
    prepare: async () => {
      const { id } = await executionIn("boom", "FAILED");
      const failed = await readExecution(tenant, id);
      return { id, taskRunId: failed!.taskRunList[0].id };
    },
    api: { route: "[tenant]/executions/[executionId]/state", method: "POST", request: (p) => ({ params: { executionId: p.id }, body: { taskRunId: p.taskRunId, state: "SUCCESS" } }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "resume an execution": {
    prepare: () => executionIn("gate", "PAUSED"),
    api: { route: "[tenant]/executions/[executionId]/resume", method: "POST", request: (p) => ({ params: { executionId: p.id } }) },
    action: { name: "executions.resumeExecutionAction", input: (p) => ({ id: p.id }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "replay an execution": {
    prepare: () => executionIn("hello", "SUCCESS"),
    api: { route: "[tenant]/executions/[executionId]/replay", method: "POST", request: (p) => ({ params: { executionId: p.id } }) },
    action: { name: "executions.replayExecutionAction", input: (p) => ({ id: p.id }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "EXECUTION", resourceId: created.id! }),
  },
  "label an execution": {
    prepare: () => executionIn("hello", "SUCCESS"),
    api: { route: "[tenant]/executions/[executionId]/labels", method: "POST", request: (p) => ({ params: { executionId: p.id }, body: [{ key: "team", value: "data" }] }) },
    action: { name: "executions.setExecutionLabelsAction", input: (p) => ({ id: p.id, labels: [{ key: "team", value: "data" }] }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "delete an execution": {
    prepare: () => executionIn("hello", "SUCCESS"),
    api: { route: "[tenant]/executions/[executionId]", method: "DELETE", request: (p) => ({ params: { executionId: p.id } }) },
    action: { name: "executions.deleteExecutionAction", input: (p) => ({ id: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "bulk-delete one execution": {
    prepare: () => executionIn("hello", "SUCCESS"),
    action: { name: "executions.bulkExecutionsAction", input: (p) => ({ op: "delete", ids: [p.id] }) },
    expected: (p) => ({ action: "DELETE", resourceType: "EXECUTION", resourceId: p.id }),
  },
  "start an execution by webhook": {
    prepare: async () => {
      const id = `w${++n}`;
      await addFlow(flowSource(id, LOG) + `triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: secret-${id}\n`);
      return { id };
    },
    by: "nobody",
    api: { route: "[tenant]/executions/webhook/[namespace]/[flowId]/[key]", method: "POST", request: (p) => ({ params: { namespace: "company.team", flowId: p.id, key: `secret-${p.id}` }, body: {} }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "EXECUTION", resourceId: created.id! }),
  },
  "start an execution by webhook, with PUT": {
    prepare: async () => {
      const id = `w${++n}`;
      await addFlow(flowSource(id, LOG) + `triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: secret-${id}\n`);
      return { id };
    },
    by: "nobody",
    api: { route: "[tenant]/executions/webhook/[namespace]/[flowId]/[key]", method: "PUT", request: (p) => ({ params: { namespace: "company.team", flowId: p.id, key: `secret-${p.id}` }, body: {} }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "EXECUTION", resourceId: created.id! }),
  },
  "create a flow": {
    prepare: async () => ({ id: `c${++n}` }),
    api: { route: "[tenant]/flows", method: "POST", request: (p) => ({ params: {}, body: flowSource(p.id, LOG) }) },
    action: { name: "flows.createFlow", input: (p) => ({ source: flowSource(p.id, LOG) }) },
    expected: (p) => ({ action: "CREATE", resourceType: "FLOW", resourceId: `company.team.${p.id}` }),
  },
  "update a flow": {
    prepare: freshFlow,
    api: { route: "[tenant]/flows/[namespace]/[id]", method: "PUT", request: (p) => ({ params: { namespace: "company.team", id: p.id }, body: flowSource(p.id, LOG.replace("hi", "changed")) }) },
    action: { name: "flows.updateFlow", input: (p) => ({ namespace: "company.team", id: p.id, source: flowSource(p.id, LOG.replace("hi", "changed")) }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "FLOW", resourceId: `company.team.${p.id}` }),
  },
  "restore a flow revision": {
    prepare: async () => {
      const flow = await freshFlow();
      await addFlow(flowSource(flow.id, LOG.replace("hi", "second")));
      return flow;
    },
    action: { name: "flows.restoreFlowRevision", input: (p) => ({ namespace: "company.team", id: p.id, revision: 1 }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "FLOW", resourceId: `company.team.${p.id}` }),
  },
  "delete a flow": {
    prepare: freshFlow,
    api: { route: "[tenant]/flows/[namespace]/[id]", method: "DELETE", request: (p) => ({ params: { namespace: "company.team", id: p.id } }) },
    action: { name: "flows.deleteFlow", input: (p) => ({ namespace: "company.team", id: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "FLOW", resourceId: `company.team.${p.id}` }),
  },
  "replace a namespace's flows": {
    prepare: async () => ({ id: `ns${++n}` }),
    api: { route: "[tenant]/flows/[namespace]", method: "POST", request: (p) => ({ params: { namespace: `bulk.${p.id}` }, body: flowSource("one", LOG, `bulk.${p.id}`) }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "NAMESPACE_FLOWS", resourceId: `bulk.${p.id}` }),
  },
  "disable a trigger": {
    prepare: freshSchedule,
    api: { route: "[tenant]/triggers", method: "PUT", request: (p) => ({ params: {}, body: { ...triggerKeyOf(p), disabled: true } }) },
    action: { name: "triggers.setTriggerDisabled", input: (p) => ({ ...triggerKeyOf(p), disabled: "true" }) },
    expected: triggerEntry,
  },
  "backfill a schedule": {
    prepare: freshSchedule,
    api: {
      route: "[tenant]/triggers",
      method: "PUT",
      request: (p) => ({ params: {}, body: { ...triggerKeyOf(p), backfill: { start: new Date(Date.now() - 3 * 86_400_000).toISOString(), end: new Date(Date.now() - 86_400_000).toISOString() } } }),
    },
    action: { name: "triggers.createTriggerBackfill", input: (p) => ({ ...triggerKeyOf(p), start: "2025-01-01T00:00", end: "2025-01-03T00:00", offset: "0", labelLines: "why=audit" }) },
    expected: triggerEntry,
  },
  "unlock a trigger": {
    prepare: async () => {
      const p = await freshSchedule();
      // A scheduler took it and died holding its lock.
      await withTenant({ tenantId: tenant }, (tx) =>
        tx.update(triggerStates).set({ lockOwner: "dead-scheduler", lockUntil: new Date(Date.now() + 60_000) }).where(eq(triggerStates.flowId, p.flowId)),
      );
      return p;
    },
    api: { route: "[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock", method: "POST", request: (p) => ({ params: triggerKeyOf(p) }) },
    action: { name: "triggers.unlockTrigger", input: triggerKeyOf },
    expected: triggerEntry,
  },
  "pause a backfill": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/pause", method: "PUT", request: (p) => ({ params: {}, body: triggerKeyOf(p) }) },
    action: { name: "triggers.pauseTriggerBackfill", input: (p) => ({ ...triggerKeyOf(p), paused: "true" }) },
    expected: triggerEntry,
  },
  "resume a backfill": {
    prepare: () => freshBackfill(true),
    api: { route: "[tenant]/triggers/backfill/unpause", method: "PUT", request: (p) => ({ params: {}, body: triggerKeyOf(p) }) },
    action: { name: "triggers.pauseTriggerBackfill", input: (p) => ({ ...triggerKeyOf(p), paused: "false" }) },
    expected: triggerEntry,
  },
  "delete a backfill": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/delete", method: "POST", request: (p) => ({ params: {}, body: triggerKeyOf(p) }) },
    action: { name: "triggers.deleteTriggerBackfill", input: triggerKeyOf },
    expected: triggerEntry,
  },
  "restart a trigger": {
    prepare: freshLockedSchedule,
    api: { route: "[tenant]/triggers/[namespace]/[flowId]/[triggerId]/restart", method: "POST", request: (p) => ({ params: triggerKeyOf(p) }) },
    expected: triggerEntry,
  },
  "unlock triggers by list": {
    prepare: freshLockedSchedule,
    api: { route: "[tenant]/triggers/unlock/by-triggers", method: "POST", request: (p) => ({ params: {}, body: [triggerKeyOf(p)] }) },
    expected: triggerEntry,
  },
  "unlock triggers by query": {
    prepare: freshLockedSchedule,
    api: { route: "[tenant]/triggers/unlock/by-query", method: "POST", request: (p) => ({ params: {}, query: `flowId=${p.flowId}` }) },
    expected: triggerEntry,
  },
  "disable triggers by list": {
    prepare: freshSchedule,
    api: { route: "[tenant]/triggers/set-disabled/by-triggers", method: "POST", request: (p) => ({ params: {}, body: { triggers: [triggerKeyOf(p)], disabled: true } }) },
    expected: triggerEntry,
  },
  "disable triggers by query": {
    prepare: freshSchedule,
    api: { route: "[tenant]/triggers/set-disabled/by-query", method: "POST", request: (p) => ({ params: {}, query: `flowId=${p.flowId}&disabled=true` }) },
    expected: triggerEntry,
  },
  "pause backfills by list": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/pause/by-triggers", method: "POST", request: (p) => ({ params: {}, body: [triggerKeyOf(p)] }) },
    expected: triggerEntry,
  },
  "pause backfills by query": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/pause/by-query", method: "POST", request: (p) => ({ params: {}, query: `flowId=${p.flowId}` }) },
    expected: triggerEntry,
  },
  "resume backfills by list": {
    prepare: () => freshBackfill(true),
    api: { route: "[tenant]/triggers/backfill/unpause/by-triggers", method: "POST", request: (p) => ({ params: {}, body: [triggerKeyOf(p)] }) },
    expected: triggerEntry,
  },
  "resume backfills by query": {
    prepare: () => freshBackfill(true),
    api: { route: "[tenant]/triggers/backfill/unpause/by-query", method: "POST", request: (p) => ({ params: {}, query: `flowId=${p.flowId}` }) },
    expected: triggerEntry,
  },
  "delete backfills by list": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/delete/by-triggers", method: "POST", request: (p) => ({ params: {}, body: [triggerKeyOf(p)] }) },
    expected: triggerEntry,
  },
  "delete backfills by query": {
    prepare: () => freshBackfill(),
    api: { route: "[tenant]/triggers/backfill/delete/by-query", method: "POST", request: (p) => ({ params: {}, query: `flowId=${p.flowId}` }) },
    expected: triggerEntry,
  },
  "set which namespaces may reach a namespace": {
    prepare: async () => ({ id: `company.ns${++n}` }),
    api: { route: "[tenant]/namespaces/[namespace]", method: "PUT", request: (p) => ({ params: { namespace: p.id }, body: { allowedNamespaces: ["company.team"] } }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "NAMESPACE", resourceId: p.id }),
  },
  "set a KV entry": {
    prepare: async () => ({ id: `k${++n}` }),
    api: { route: "[tenant]/namespaces/[namespace]/kv/[key]", method: "PUT", request: (p) => ({ params: { namespace: "company.team", key: p.id }, rawBody: '"v"', contentType: "application/json" }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "KVSTORE", resourceId: `company.team/${p.id}` }),
  },
  "delete a KV entry": {
    prepare: async () => {
      const key = `k${++n}`;
      await withTenant({ tenantId: tenant }, (tx) => setKv(tx, { tenantId: tenant, namespace: "company.team", key, value: 1, ttlSeconds: null }));
      return { id: key };
    },
    api: { route: "[tenant]/namespaces/[namespace]/kv/[key]", method: "DELETE", request: (p) => ({ params: { namespace: "company.team", key: p.id } }) },
    expected: (p) => ({ action: "DELETE", resourceType: "KVSTORE", resourceId: `company.team/${p.id}` }),
  },
  "create a secret": {
    prepare: async () => ({ id: `S${++n}` }),
    api: { route: "[tenant]/namespaces/[namespace]/secrets", method: "PUT", request: (p) => ({ params: { namespace: "company.team" }, body: { key: p.id, value: "s3cret-value" } }) },
    action: { name: "secrets.saveSecret", input: (p) => ({ namespace: "company.team", key: p.id, value: "s3cret-value" }) },
    expected: (p) => ({ action: "CREATE", resourceType: "SECRET", resourceId: `company.team/${p.id}` }),
  },
  "replace a secret's value": {
    prepare: freshSecret,
    api: { route: "[tenant]/namespaces/[namespace]/secrets/[key]", method: "PATCH", request: (p) => ({ params: { namespace: "company.team", key: p.id }, body: { value: "next-value" } }) },
    action: { name: "secrets.saveSecret", input: (p) => ({ namespace: "company.team", key: p.id, value: "next-value" }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "SECRET", resourceId: `company.team/${p.id}` }),
  },
  "delete a secret": {
    prepare: freshSecret,
    api: { route: "[tenant]/namespaces/[namespace]/secrets/[key]", method: "DELETE", request: (p) => ({ params: { namespace: "company.team", key: p.id } }) },
    action: { name: "secrets.deleteSecretAction", input: (p) => ({ namespace: "company.team", key: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "SECRET", resourceId: `company.team/${p.id}` }),
  },
  "upload a namespace file": {
    prepare: async () => ({ id: `/f${++n}.sql` }),
    api: { route: "[tenant]/namespaces/[namespace]/files", method: "POST", request: (p) => ({ params: { namespace: "company.team" }, query: `path=${p.id}`, rawBody: "select 1", contentType: "text/plain" }) },
    action: { name: "namespace-files.saveNamespaceFile", input: (p) => ({ namespace: "company.team", path: p.id, content: "select 1" }) },
    expected: (p) => ({ action: "CREATE", resourceType: "NAMESPACE_FILE", resourceId: `company.team:${p.id}` }),
  },
  "create a namespace folder": {
    prepare: async () => ({ id: `/d${++n}` }),
    api: { route: "[tenant]/namespaces/[namespace]/files/directory", method: "POST", request: (p) => ({ params: { namespace: "company.team" }, query: `path=${p.id}` }) },
    action: { name: "namespace-files.createNamespaceFolder", input: (p) => ({ namespace: "company.team", path: p.id }) },
    expected: (p) => ({ action: "CREATE", resourceType: "NAMESPACE_FILE", resourceId: `company.team:${p.id}` }),
  },
  "move a namespace file": {
    prepare: freshNamespaceFile,
    api: { route: "[tenant]/namespaces/[namespace]/files", method: "PUT", request: (p) => ({ params: { namespace: "company.team" }, query: `from=${p.id}&to=${p.id}.moved` }) },
    action: { name: "namespace-files.moveNamespaceFileAction", input: (p) => ({ namespace: "company.team", from: p.id, to: `${p.id}.moved` }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "NAMESPACE_FILE", resourceId: `company.team:${p.id}` }),
  },
  "delete a namespace file": {
    prepare: freshNamespaceFile,
    api: { route: "[tenant]/namespaces/[namespace]/files", method: "DELETE", request: (p) => ({ params: { namespace: "company.team" }, query: `path=${p.id}` }) },
    action: { name: "namespace-files.deleteNamespaceFileAction", input: (p) => ({ namespace: "company.team", path: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "NAMESPACE_FILE", resourceId: `company.team:${p.id}` }),
  },
  "create a role": {
    prepare: async () => ({ id: `Role ${++n}` }),
    api: { route: "[tenant]/roles", method: "POST", request: (p) => ({ params: {}, body: { name: p.id, permissions: { FLOW: ["READ"] } } }) },
    action: { name: "roles.createRole", input: (p) => ({ name: p.id, permissions: ["FLOW:READ"] }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "ROLE", resourceId: created.id ?? expect.any(String) }),
  },
  "update a role": {
    prepare: freshRole,
    api: { route: "[tenant]/roles/[id]", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { permissions: { FLOW: ["READ", "UPDATE"] } } }) },
    action: { name: "roles.updateRole", input: (p) => ({ roleId: p.id, permissions: ["FLOW:READ", "FLOW:UPDATE"] }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "ROLE", resourceId: p.id }),
  },
  "delete a role": {
    prepare: freshRole,
    api: { route: "[tenant]/roles/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "roles.deleteRole", input: (p) => ({ roleId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "ROLE", resourceId: p.id }),
  },
  "bind a role": {
    prepare: freshMember,
    api: { route: "[tenant]/bindings", method: "POST", request: (p) => ({ params: {}, body: { type: "USER", externalId: p.id, roleId: "viewer" } }) },
    action: { name: "access.addBinding", input: (p) => ({ userId: p.id, roleId: "viewer" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "BINDING", resourceId: created.id ?? expect.any(String) }),
  },
  "bind a role, as a superadmin from the admin pages": {
    prepare: freshMember,
    by: "superadmin",
    action: { name: "users.grantTenantRole", input: (p) => ({ userId: p.id, roleId: "viewer" }) },
    expected: () => ({ action: "CREATE", resourceType: "BINDING", resourceId: expect.any(String) }),
  },
  "remove a binding": {
    prepare: freshBinding,
    api: { route: "[tenant]/bindings/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "access.removeBinding", input: (p) => ({ bindingId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "BINDING", resourceId: p.id }),
  },
  "remove a binding, as a superadmin from the admin pages": {
    prepare: freshBinding,
    by: "superadmin",
    action: { name: "users.removeTenantBinding", input: (p) => ({ bindingId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "BINDING", resourceId: p.id }),
  },
  "grant access to the tenant (superadmins only; tenant admins invite)": {
    prepare: async () => {
      const user = await seedUser();
      return { id: user.id, email: user.email };
    },
    by: "superadmin",
    api: { route: "[tenant]/tenant-access", method: "POST", request: (p) => ({ params: {}, body: { email: p.email } }) },
    action: { name: "access.grantAccess", input: (p) => ({ email: p.email }) },
    expected: (p) => ({ action: "CREATE", resourceType: "TENANT_ACCESS", resourceId: p.id }),
  },
  "invite an e-mail": {
    prepare: async () => ({ id: "", email: `invitee-${++n}@example.test` }),
    api: { route: "[tenant]/invitations", method: "POST", request: (p) => ({ params: {}, body: { email: p.email, bindings: [{ roleId: "viewer" }] } }) },
    action: { name: "invitations.inviteMember", input: (p) => ({ email: p.email, roleId: "viewer" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "INVITATION", resourceId: created.id ?? expect.any(String) }),
  },
  "withdraw an invitation": {
    prepare: freshInvitation,
    api: { route: "[tenant]/invitations/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "invitations.withdrawInvitation", input: (p) => ({ invitationId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "INVITATION", resourceId: p.id }),
  },
  "accept an invitation (the invitee)": {
    prepare: () => freshInvitation(admin.email),
    action: { name: "invitations.answerInvitation", input: (p) => ({ invitationId: p.id, answer: "accept" }) },
    expected: (p) => ({ action: "ACCEPT", resourceType: "INVITATION", resourceId: p.id }),
  },
  "decline an invitation (the invitee)": {
    prepare: () => freshInvitation(admin.email),
    action: { name: "invitations.answerInvitation", input: (p) => ({ invitationId: p.id, answer: "decline" }) },
    expected: (p) => ({ action: "DECLINE", resourceType: "INVITATION", resourceId: p.id }),
  },
  "create a group": {
    prepare: async () => ({ id: "", name: `group ${++n}` }),
    api: { route: "[tenant]/groups", method: "POST", request: (p) => ({ params: {}, body: { name: p.name } }) },
    action: { name: "groups.createGroup", input: (p) => ({ name: p.name }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "GROUP", resourceId: created.id ?? expect.any(String) }),
  },
  "rename a group": {
    prepare: freshGroup,
    api: { route: "[tenant]/groups/[id]", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { name: `${p.name} renamed` } }) },
    action: { name: "groups.updateGroup", input: (p) => ({ groupId: p.id, name: `${p.name} renamed` }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "GROUP", resourceId: p.id }),
  },
  "delete a group": {
    prepare: freshGroup,
    api: { route: "[tenant]/groups/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "groups.deleteGroup", input: (p) => ({ groupId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "GROUP", resourceId: p.id }),
  },
  "add a group member": {
    prepare: async () => ({ ...(await freshGroup()), userId: (await freshMember()).id }),
    api: { route: "[tenant]/groups/[id]/members/[userId]", method: "PUT", request: (p) => ({ params: { id: p.id, userId: p.userId } }) },
    action: { name: "groups.addMember", input: (p) => ({ groupId: p.id, userId: p.userId }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "GROUP", resourceId: p.id }),
  },
  "remove a group member": {
    prepare: async () => {
      const group = await freshGroup();
      const userId = (await freshMember()).id;
      await withTenant({ tenantId: tenant }, (tx) => insertGroupMember(tx, { tenantId: tenant, groupId: group.id, userId }));
      return { ...group, userId };
    },
    api: { route: "[tenant]/groups/[id]/members/[userId]", method: "DELETE", request: (p) => ({ params: { id: p.id, userId: p.userId } }) },
    action: { name: "groups.removeMember", input: (p) => ({ groupId: p.id, userId: p.userId }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "GROUP", resourceId: p.id }),
  },
  "bind a role to a group": {
    prepare: freshGroup,
    api: { route: "[tenant]/bindings", method: "POST", request: (p) => ({ params: {}, body: { type: "GROUP", externalId: p.id, roleId: "viewer", namespaceId: "company" } }) },
    action: { name: "groups.bindGroupRole", input: (p) => ({ groupId: p.id, roleId: "viewer", namespaceId: "company" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "BINDING", resourceId: created.id ?? expect.any(String) }),
  },
  "create a service account": {
    prepare: async () => ({ id: "", name: `bot ${++n}` }),
    api: { route: "[tenant]/service-accounts", method: "POST", request: (p) => ({ params: {}, body: { name: p.name, description: "ci" } }) },
    action: { name: "service-accounts.createServiceAccount", input: (p) => ({ name: p.name, description: "ci" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "SERVICE_ACCOUNT", resourceId: created.id ?? expect.any(String) }),
  },
  "update a service account": {
    prepare: freshServiceAccount,
    api: { route: "[tenant]/service-accounts/[id]", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { name: p.name, description: "changed" } }) },
    action: { name: "service-accounts.updateServiceAccount", input: (p) => ({ serviceAccountId: p.id, name: p.name, description: "changed" }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "SERVICE_ACCOUNT", resourceId: p.id }),
  },
  "delete a service account": {
    prepare: freshServiceAccount,
    api: { route: "[tenant]/service-accounts/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "service-accounts.deleteServiceAccount", input: (p) => ({ serviceAccountId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "SERVICE_ACCOUNT", resourceId: p.id }),
  },
  "bind a role to a service account": {
    prepare: freshServiceAccount,
    api: { route: "[tenant]/bindings", method: "POST", request: (p) => ({ params: {}, body: { type: "SERVICE_ACCOUNT", externalId: p.id, roleId: "viewer" } }) },
    action: { name: "service-accounts.bindServiceAccountRole", input: (p) => ({ serviceAccountId: p.id, roleId: "viewer" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "BINDING", resourceId: created.id ?? expect.any(String) }),
  },
  "issue a service account token": {
    prepare: freshServiceAccount,
    api: { route: "[tenant]/service-accounts/[id]/api-tokens", method: "POST", request: (p) => ({ params: { id: p.id }, body: { name: "ci", maxAge: "P7D" } }) },
    action: { name: "service-accounts.createAccountToken", input: (p) => ({ serviceAccountId: p.id, name: "ci", expiresInDays: "7" }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "SERVICE_ACCOUNT_TOKEN", resourceId: created.id ?? expect.any(String) }),
  },
  "revoke a service account token": {
    prepare: async () => {
      const account = await freshServiceAccount();
      const token = await withTenant({ tenantId: tenant }, (tx) => insertServiceAccountToken(tx, { tenantId: tenant, serviceAccountId: account.id, name: "t" }));
      return { id: token.id, serviceAccountId: account.id };
    },
    api: { route: "[tenant]/service-accounts/[id]/api-tokens/[tokenId]", method: "DELETE", request: (p) => ({ params: { id: p.serviceAccountId, tokenId: p.id } }) },
    action: { name: "service-accounts.revokeAccountToken", input: (p) => ({ serviceAccountId: p.serviceAccountId, tokenId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "SERVICE_ACCOUNT_TOKEN", resourceId: p.id }),
  },
  "revoke access to the tenant": {
    prepare: freshMember,
    api: { route: "[tenant]/tenant-access/[userId]", method: "DELETE", request: (p) => ({ params: { userId: p.id } }) },
    action: { name: "access.revokeAccess", input: (p) => ({ userId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: p.id }),
  },
  "revoke access, as a superadmin from the admin pages": {
    prepare: freshMember,
    by: "superadmin",
    action: { name: "users.revokeTenantAccessOf", input: (p) => ({ userId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "TENANT_ACCESS", resourceId: p.id }),
  },
  "create a tenant": {
    prepare: async () => ({ id: uniqueTenantId("new") }),
    by: "superadmin",
    log: "instance",
    api: { route: "tenants", method: "POST", request: (p) => ({ params: {}, body: { id: p.id, name: "New" } }) },
    action: { name: "tenants.createTenant", input: (p) => ({ id: p.id, name: "New", color: "#1f8a70" }) },
    expected: (p) => ({ action: "CREATE", resourceType: "TENANT", resourceId: p.id }),
  },
  "update a tenant": {
    prepare: async () => ({ id: (await seedTenant()).id }),
    by: "superadmin",
    log: "instance",
    api: { route: "tenants/[id]", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { name: "Renamed" } }) },
    action: { name: "tenants.updateTenant", input: (p) => ({ id: p.id, name: "Renamed", color: "#1f8a70" }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "TENANT", resourceId: p.id }),
  },
  "set a tenant's quotas": {
    prepare: async () => ({ id: (await seedTenant()).id }),
    by: "superadmin",
    log: "instance",
    api: { route: "tenants/[id]/quotas", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { maxRunningExecutions: 4 } }) },
    action: { name: "tenants.updateTenantQuotas", input: (p) => ({ id: p.id, maxRunningExecutions: "4", requestsPerSecond: "", storageBytes: "", retentionDays: "" }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "TENANT", resourceId: p.id }),
  },
  "delete a tenant": {
    prepare: async () => ({ id: (await seedTenant()).id }),
    by: "superadmin",
    log: "instance",
    api: { route: "tenants/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    action: { name: "tenants.deleteTenant", input: (p) => ({ id: p.id, confirm: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "TENANT", resourceId: p.id }),
  },
  "create a user": {
    prepare: async () => ({ id: `new-${++n}-${Date.now()}@example.test` }),
    by: "superadmin",
    log: "instance",
    api: { route: "users", method: "POST", request: (p) => ({ params: {}, body: { email: p.id, password: "long enough pw" } }) },
    action: { name: "users.createUser", input: (p) => ({ email: p.id, password: "long enough pw" }) },
    expected: (p) => ({ action: "CREATE", resourceType: "USER", resourceId: p.id }),
  },
  "update a user": {
    prepare: async () => ({ id: (await seedUser()).id }),
    by: "superadmin",
    log: "instance",
    api: { route: "users/[id]", method: "PUT", request: (p) => ({ params: { id: p.id }, body: { firstName: "Ada" } }) },
    expected: (p) => ({ action: "UPDATE", resourceType: "USER", resourceId: p.id }),
  },
  "delete a user": {
    prepare: async () => ({ id: (await seedUser()).id }),
    by: "superadmin",
    log: "instance",
    api: { route: "users/[id]", method: "DELETE", request: (p) => ({ params: { id: p.id } }) },
    expected: (p) => ({ action: "DELETE", resourceType: "USER", resourceId: p.id }),
  },
  "create one's API token": {
    prepare: async () => ({ id: `token ${++n}` }),
    log: "instance",
    api: { route: "me/api-tokens", method: "POST", request: (p) => ({ params: {}, body: { name: p.id } }) },
    action: { name: "tokens.createToken", input: (p) => ({ name: p.id }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "API_TOKEN", resourceId: created.id }),
  },
  "revoke one's API token": {
    prepare: () => freshToken(admin),
    log: "instance",
    api: { route: "me/api-tokens/[tokenId]", method: "DELETE", request: (p) => ({ params: { tokenId: p.id } }) },
    action: { name: "tokens.revokeToken", input: (p) => ({ tokenId: p.id }) },
    expected: (p) => ({ action: "DELETE", resourceType: "API_TOKEN", resourceId: p.id }),
  },
  "create a user's API token, as a superadmin": {
    prepare: async () => ({ id: `token ${++n}` }),
    by: "superadmin",
    log: "instance",
    api: { route: "users/[id]/api-tokens", method: "POST", request: (p) => ({ params: { id: admin.id }, body: { name: p.id } }) },
    expected: (_p, created) => ({ action: "CREATE", resourceType: "API_TOKEN", resourceId: created.id }),
  },
  "revoke a user's API token, as a superadmin": {
    prepare: () => freshToken(admin),
    by: "superadmin",
    log: "instance",
    api: { route: "users/[id]/api-tokens/[tokenId]", method: "DELETE", request: (p) => ({ params: { id: p.userId, tokenId: p.id } }) },
    expected: (p) => ({ action: "DELETE", resourceType: "API_TOKEN", resourceId: p.id }),
  },
};

beforeAll(async () => {
  routes = await loadRoutes(() => true);
  tenant = (await seedTenant()).id;
  other = (await seedTenant()).id;
  admin = await seedUser({ access: [tenant, other], roles: { [tenant]: "admin", [other]: "admin" } });
  superadmin = await seedUser({ superAdmin: true });
  await addFlow(flowSource("hello", LOG));
  await addFlow(flowSource("gate", PAUSE));
  await addFlow(flowSource("boom", FAIL));
  await startEngine({ leaseMs: 5000 });
});
afterAll(async () => {
  await stopEngine();
});

/** Runs one door and returns the id of what it created, if anything. */
async function through(door: "api" | "action", scenario: Scenario, prepared: Prepared): Promise<{ id?: string }> {
  const user = scenario.by === "superadmin" ? superadmin : admin;
  if (door === "api") {
    const { route: pattern, method, request } = scenario.api!;
    const route = routes.find((r) => r.pattern === pattern)!;
    const req = request(prepared);
    const res = await call(route, method, { ...req, params: { tenant, ...req.params }, auth: basicAuth(user.email) });
    expect(res.status, `${method} ${pattern}: ${res.text}`).toBeLessThan(300);
    return { id: (res.json as { id?: string } | undefined)?.id };
  }
  const [module, name] = scenario.action!.name.split(".") as [keyof typeof ACTION_MODULES, string];
  const action = (ACTION_MODULES[module] as Record<string, (input: unknown) => Promise<{ ok: boolean; error?: string; data?: { id?: string } }>>)[name];
  session.user = { id: user.id, email: user.email, name: user.email, superAdmin: user.superAdmin };
  let result: { ok: boolean; error?: string; data?: { id?: string } };
  try {
    result = await action({ tenantId: tenant, ...scenario.action!.input(prepared) });
  } catch (error) {
    // redirect() after the work is done (deleting a flow opens the list).
    if (String((error as { digest?: unknown })?.digest).startsWith("NEXT_REDIRECT")) return {};
    throw error;
  }
  expect(result, scenario.action!.name).toMatchObject({ ok: true });
  return { id: result.data?.id };
}

describe("every write leaves one audit entry, whichever door", () => {
  test("every write route and every server action has a scenario here", () => {
    const covered = new Set(Object.values(scenarios).flatMap((s) => (s.api ? [`${s.api.method} ${s.api.route}`] : [])));
    const writeRoutes = routes.flatMap((r) => r.methods.filter((m) => m !== "GET").map((m) => `${m} ${r.pattern}`)).filter((k) => !READ_POSTS.has(k));
    expect(writeRoutes.filter((k) => !covered.has(k))).toEqual([]);

    const files = fs.readdirSync(path.resolve(__dirname, "../../lib/actions")).filter((f) => f.endsWith(".ts"));
    expect(files.filter((f) => !NOT_OPERATION_FILES.has(f) && !(f.replace(/\.ts$/, "") in ACTION_MODULES))).toEqual([]);
    const actions = new Set(Object.values(scenarios).flatMap((s) => (s.action ? [s.action.name] : [])));
    const exported = Object.entries(ACTION_MODULES).flatMap(([m, mod]) =>
      Object.entries(mod)
        .filter(([, v]) => typeof v === "function")
        .map(([name]) => `${m}.${name}`),
    );
    expect(exported.filter((name) => !actions.has(name) && !NOT_OPERATIONS.has(name))).toEqual([]);
  });

  for (const [name, scenario] of Object.entries(scenarios)) {
    for (const door of ["api", "action"] as const) {
      if (!scenario[door]) continue;
      test(`${name} (${door === "api" ? `${scenario.api!.method} ${scenario.api!.route}` : scenario.action!.name})`, async () => {
        const prepared = await scenario.prepare();
        const before = await snapshot();
        const created = await through(door, scenario, prepared);
        const after = await snapshot();
        const actorId = scenario.by === "nobody" ? null : scenario.by === "superadmin" ? superadmin.id : admin.id;
        const entry = { ...scenario.expected(prepared, created), actorId };
        const inInstance = scenario.log === "instance";
        expect(added(before.mine, after.mine)).toEqual(inInstance ? [] : [entry]);
        expect(added(before.instance, after.instance)).toEqual(inInstance ? [entry] : []);
        expect(added(before.theirs, after.theirs)).toEqual([]);
      });
    }
  }

  test("reads leave none: every GET route", async () => {
    const execution = await executionIn("hello", "SUCCESS");
    const params = { tenant, executionId: execution.id, namespace: "company.team", id: "hello", flowId: "hello", key: "k", userId: admin.id, tokenId: "none" };
    const before = await snapshot();
    // The webhook's GET starts an execution (its key is the credential): a write, covered above.
    for (const route of routes.filter((r) => r.methods.includes("GET") && !r.pattern.includes("follow") && !r.pattern.includes("webhook"))) {
      const res = await call(route, "GET", { params, auth: basicAuth(admin.email), query: "path=kestra:///none" });
      expect(res.status, `GET ${route.pattern}`).toBeLessThan(500);
    }
    const after = await snapshot();
    expect(added(before.mine, after.mine)).toEqual([]);
    expect(added(before.instance, after.instance)).toEqual([]);
  });
});
