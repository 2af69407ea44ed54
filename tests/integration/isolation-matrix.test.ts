import { beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { createBinding, createRole, grantTenantAccess } from "@/db/queries/access";
import { saveFlow } from "@/db/queries/flows";
import { setKv } from "@/db/queries/kv";
import { upsertSecret } from "@/db/queries/secrets";
import { sealSecret } from "@/lib/secrets/crypto-store";
import { storeNamespaceFile } from "@/lib/namespace-files/store";
import { eq } from "drizzle-orm";
import { triggers } from "@/db/schema";
import { startEngine, stopEngine } from "@/engine/worker";
import { readExecution, startExecution, waitForEnd } from "@/lib/server/executions/commands";
import { afterAll } from "vitest";
import { validateFlowSource } from "@/engine/flow/validate";
import { newId } from "@/lib/ids";
import { insertGroup, insertGroupMember, insertInvitation, insertServiceAccount, insertServiceAccountToken } from "@/db/queries/iam";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";

/**
 * Walks every /api/v1/[tenant] route file and every method it exports with five callers:
 * the tenant's admin (2xx), the same caller on another tenant's path (404), an unknown
 * tenant (404), no credentials (401), a member without any role (403). No response to a
 * tenant-A caller may contain tenant B's data. A route without a fixture fails the test,
 * so a new route cannot slip through uncovered.
 */

type TenantSeed = Awaited<ReturnType<typeof seedSide>>;
type Case = { params: Record<string, string>; body?: unknown; query?: string };
type Fixture = (t: TenantSeed) => Promise<Case>;

async function seedSide(label: string) {
  const tenant = await seedTenant(uniqueTenantId(`iso-${label}`), `Isolation ${label.toUpperCase()}`);
  const id = tenant.id;
  const admin = await seedUser({ access: [id], roles: { [id]: "admin" } });
  const bystander = await seedUser({ access: [id] });
  const marker = `MARKER-${id}`;
  let n = 0;
  const freshRole = () =>
    withTenant({ tenantId: id }, (tx) => createRole(tx, { tenantId: id, name: `${marker}-role-${n++}`, permissions: { FLOW: ["READ"] } }));
  const freshMember = async () => {
    const user = await seedUser();
    await withTenant({ tenantId: id }, (tx) => grantTenantAccess(tx, { tenantId: id, userId: user.id }));
    return user;
  };
  const freshBinding = async () => {
    const user = await freshMember();
    return withTenant({ tenantId: id }, (tx) => createBinding(tx, { tenantId: id, type: "USER", externalId: user.id, roleId: "viewer" }));
  };
  const flowYaml = (namespace: string, flowId: string, message = "hello") =>
    `id: ${flowId}\nnamespace: ${namespace}\ndescription: ${marker}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;
  const freshFlow = async (namespace = "iso.team") => {
    const flowId = `flow-${newId(8)}`;
    const source = flowYaml(namespace, flowId);
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId: id }, (tx) => saveFlow(tx, { tenantId: id, flow: parsed.flow, source, authorId: null, mode: "create" }));
    return { namespace, id: flowId, source };
  };
  /** A flow with a Schedule trigger; `locked`: as a scheduler that died would leave it. */
  const freshTrigger = async (locked = false, backfill = false) => {
    const flowId = `sched-${newId(8)}`;
    const source = `id: ${flowId}\nnamespace: iso.team\ndescription: ${marker}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\ntriggers:\n  - id: daily\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: "@daily"\n`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId: id }, async (tx) => {
      await saveFlow(tx, { tenantId: id, flow: parsed.flow, source, authorId: null, mode: "create" });
      if (locked) await tx.update(triggers).set({ lockOwner: `dead-${marker}`, lockUntil: new Date(Date.now() + 60_000) }).where(eq(triggers.flowId, flowId));
      if (backfill) {
        const start = "2025-01-01T00:00:00.000Z";
        const state = { start, end: "2025-01-05T00:00:00.000Z", currentDate: start, paused: false, inputs: null, labels: null, previousNextExecutionDate: null, done: 0, total: 5 };
        await tx.update(triggers).set({ backfill: state }).where(eq(triggers.flowId, flowId));
      }
    });
    return { namespace: "iso.team", flowId, triggerId: "daily" };
  };
  const freshKv = async () => {
    const key = `k-${newId(8)}`;
    await withTenant({ tenantId: id }, (tx) => setKv(tx, { tenantId: id, namespace: "iso.team", key, value: { marker } }));
    return { namespace: "iso.team", key };
  };
  const freshSecret = async () => {
    const key = `S_${newId(8)}`;
    const where = { tenantId: id, namespace: "iso.team", key };
    await withTenant({ tenantId: id }, async (tx) => upsertSecret(tx, { ...where, value: await sealSecret(tx, where, `value-${marker}`), description: marker, tags: [] }));
    return { namespace: "iso.team", key };
  };
  const freshFile = async () => {
    const path = `/f-${newId(8)}.txt`;
    await withTenant({ tenantId: id }, (tx) => storeNamespaceFile(tx, id, "iso.team", path, Buffer.from(`content ${marker}`)));
    return path;
  };
  const runFlows: Record<string, string> = {
    quick: "  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n",
    sleep: "  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT1H\n",
    fail: "  - id: boom\n    type: io.kestra.plugin.core.execution.Fail\n",
    pause: "  - id: wait\n    type: io.kestra.plugin.core.flow.Pause\n",
    file: "  - id: write\n    type: io.kestra.plugin.core.storage.Write\n    content: hello\n    extension: .txt\n",
    // Return's metrics carry the rendered text as a tag: the marker, to catch a leak.
    metric: `  - id: give\n    type: io.kestra.plugin.core.debug.Return\n    format: ${marker}\n`,
  };
  const hookKey = `key-${newId(12)}`;
  for (const [name, tasks] of Object.entries(runFlows)) {
    const triggers = name === "quick" ? `triggers:\n  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    key: ${hookKey}\n` : "";
    const source = `id: run-${name}\nnamespace: iso.team\ndescription: ${marker}\ntasks:\n${tasks}${triggers}`;
    const parsed = validateFlowSource(source);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId: id }, (tx) => saveFlow(tx, { tenantId: id, flow: parsed.flow, source, authorId: null, mode: "upsert" }));
  }
  /** An execution of one of the run flows, once it reached `until` (ended, by default). */
  const freshExecution = async (name: keyof typeof runFlows, until: "ended" | "started" | "PAUSED" = "ended") => {
    const execution = await startExecution({ tenantId: id, namespace: "iso.team", flowId: `run-${name}`, inputs: {}, labels: [{ key: "marker", value: marker }] });
    if (until === "ended") return (await waitForEnd(id, execution.id, 20_000))!;
    for (let i = 0; i < 200; i++) {
      const current = (await readExecution(id, execution.id))!;
      if (until === "started" ? current.state.current === "RUNNING" : current.state.current === until) return current;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`execution did not reach ${until}`);
  };
  const freshGroup = () => withTenant({ tenantId: id }, (tx) => insertGroup(tx, { tenantId: id, name: `${marker}-group-${n++}` }));
  const freshGroupMember = async () => {
    const group = await freshGroup();
    const user = await freshMember();
    await withTenant({ tenantId: id }, (tx) => insertGroupMember(tx, { tenantId: id, groupId: group.id, userId: user.id }));
    return { id: group.id, userId: user.id };
  };
  const freshServiceAccount = () => withTenant({ tenantId: id }, (tx) => insertServiceAccount(tx, { tenantId: id, name: `${marker}-sa-${n++}`, description: marker }));
  const freshServiceAccountToken = async () => {
    const account = await freshServiceAccount();
    const token = await withTenant({ tenantId: id }, (tx) => insertServiceAccountToken(tx, { tenantId: id, serviceAccountId: account.id, name: `${marker}-token` }));
    return { id: account.id, tokenId: token.id };
  };
  const freshInvitation = () =>
    withTenant({ tenantId: id }, (tx) =>
      insertInvitation(tx, { tenantId: id, email: `${marker.toLowerCase()}-${n++}@example.test`, bindings: [], invitedBy: null, expiresAt: new Date(Date.now() + 86_400_000) }),
    );
  await freshRole();
  await freshGroupMember();
  await freshServiceAccountToken();
  await freshInvitation();
  await freshFlow();
  await freshKv();
  await freshSecret();
  await freshFile();
  const ended = await freshExecution("file");
  const metered = await freshExecution("metric");
  await freshTrigger();
  return { id, admin, bystander, marker, freshRole, freshMember, freshGroup, freshGroupMember, freshServiceAccount, freshServiceAccountToken, freshInvitation, freshBinding, freshFlow, flowYaml, freshKv, freshSecret, freshFile, freshExecution, ended, metered, hookKey, freshTrigger };
}

const fixtures: Record<string, Partial<Record<Method, Fixture>>> = {
  "[tenant]/triggers": { PUT: async (t) => ({ params: {}, body: { ...(await t.freshTrigger()), disabled: true } }) },
  "[tenant]/triggers/backfill/pause": { PUT: async (t) => ({ params: {}, body: await t.freshTrigger(false, true) }) },
  "[tenant]/triggers/backfill/unpause": { PUT: async (t) => ({ params: {}, body: await t.freshTrigger(false, true) }) },
  "[tenant]/triggers/backfill/delete": { POST: async (t) => ({ params: {}, body: await t.freshTrigger(false, true) }) },
  "[tenant]/triggers/search": { GET: async () => ({ params: {}, query: "page=1&size=50" }) },
  "[tenant]/triggers/[namespace]/[flowId]": {
    GET: async (t) => {
      const { namespace, flowId } = await t.freshTrigger();
      return { params: { namespace, flowId } };
    },
  },
  "[tenant]/triggers/[namespace]/[flowId]/[triggerId]/unlock": { POST: async (t) => ({ params: await t.freshTrigger(true) }) },
  "[tenant]/triggers/[namespace]/[flowId]/[triggerId]/restart": { POST: async (t) => ({ params: await t.freshTrigger(true) }) },
  "[tenant]/triggers/unlock/by-triggers": { POST: async (t) => ({ params: {}, body: [await t.freshTrigger(true)] }) },
  "[tenant]/triggers/unlock/by-query": { POST: async (t) => ({ params: {}, query: `flowId=${(await t.freshTrigger(true)).flowId}` }) },
  "[tenant]/triggers/set-disabled/by-triggers": { POST: async (t) => ({ params: {}, body: { triggers: [await t.freshTrigger()], disabled: true } }) },
  "[tenant]/triggers/set-disabled/by-query": { POST: async (t) => ({ params: {}, query: `flowId=${(await t.freshTrigger()).flowId}&disabled=true` }) },
  "[tenant]/triggers/backfill/pause/by-triggers": { POST: async (t) => ({ params: {}, body: [await t.freshTrigger(false, true)] }) },
  "[tenant]/triggers/backfill/pause/by-query": { POST: async (t) => ({ params: {}, query: `flowId=${(await t.freshTrigger(false, true)).flowId}` }) },
  "[tenant]/triggers/backfill/unpause/by-triggers": { POST: async (t) => ({ params: {}, body: [await t.freshTrigger(false, true)] }) },
  "[tenant]/triggers/backfill/unpause/by-query": { POST: async (t) => ({ params: {}, query: `flowId=${(await t.freshTrigger(false, true)).flowId}` }) },
  "[tenant]/triggers/backfill/delete/by-triggers": { POST: async (t) => ({ params: {}, body: [await t.freshTrigger(false, true)] }) },
  "[tenant]/triggers/backfill/delete/by-query": { POST: async (t) => ({ params: {}, query: `flowId=${(await t.freshTrigger(false, true)).flowId}` }) },
  "[tenant]/tenant-access": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { userId: (await seedUser()).id } }),
  },
  "[tenant]/groups": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { name: `Group ${newId(6)}` } }),
  },
  "[tenant]/groups/search": { GET: async () => ({ params: {}, query: "q=group" }) },
  "[tenant]/groups/[id]": {
    GET: async (t) => ({ params: { id: (await t.freshGroup()).id } }),
    PUT: async (t) => ({ params: { id: (await t.freshGroup()).id }, body: { description: "changed" } }),
    DELETE: async (t) => ({ params: { id: (await t.freshGroup()).id } }),
  },
  "[tenant]/groups/[id]/members": { GET: async (t) => ({ params: { id: (await t.freshGroupMember()).id } }) },
  "[tenant]/groups/[id]/members/[userId]": {
    PUT: async (t) => ({ params: { id: (await t.freshGroup()).id, userId: (await t.freshMember()).id } }),
    DELETE: async (t) => ({ params: await t.freshGroupMember() }),
  },
  "[tenant]/service-accounts": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { name: `bot-${newId(6)}`, description: "ci" } }),
  },
  "[tenant]/service-accounts/search": { GET: async () => ({ params: {}, query: "q=sa" }) },
  "[tenant]/service-accounts/[id]": {
    GET: async (t) => ({ params: { id: (await t.freshServiceAccount()).id } }),
    PUT: async (t) => ({ params: { id: (await t.freshServiceAccount()).id }, body: { description: "changed" } }),
    DELETE: async (t) => ({ params: { id: (await t.freshServiceAccount()).id } }),
  },
  "[tenant]/service-accounts/[id]/api-tokens": {
    GET: async (t) => ({ params: { id: (await t.freshServiceAccountToken()).id } }),
    POST: async (t) => ({ params: { id: (await t.freshServiceAccount()).id }, body: { name: "ci", maxAge: "P1D" } }),
  },
  "[tenant]/service-accounts/[id]/api-tokens/[tokenId]": { DELETE: async (t) => ({ params: await t.freshServiceAccountToken() }) },
  "[tenant]/invitations": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { email: `someone-${newId(6).toLowerCase()}@example.test`, bindings: [{ roleId: "viewer" }] } }),
  },
  "[tenant]/invitations/search": { GET: async () => ({ params: {}, query: "status=PENDING" }) },
  "[tenant]/invitations/[id]": {
    GET: async (t) => ({ params: { id: (await t.freshInvitation()).id } }),
    DELETE: async (t) => ({ params: { id: (await t.freshInvitation()).id } }),
  },
  "[tenant]/tenant-access/[userId]": {
    GET: async (t) => ({ params: { userId: t.bystander.id } }),
    DELETE: async (t) => ({ params: { userId: (await t.freshMember()).id } }),
  },
  "[tenant]/roles": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { name: "Operators", permissions: { EXECUTION: ["READ", "UPDATE"] } } }),
  },
  "[tenant]/roles/search": { GET: async () => ({ params: {}, query: "page=1&size=50" }) },
  "[tenant]/roles/[id]": {
    GET: async (t) => ({ params: { id: (await t.freshRole()).id } }),
    PUT: async (t) => ({ params: { id: (await t.freshRole()).id }, body: { description: "changed" } }),
    DELETE: async (t) => ({ params: { id: (await t.freshRole()).id } }),
  },
  "[tenant]/bindings": {
    GET: async () => ({ params: {} }),
    POST: async (t) => ({ params: {}, body: { type: "USER", externalId: (await t.freshMember()).id, roleId: "viewer" } }),
  },
  "[tenant]/bindings/search": { GET: async () => ({ params: {} }) },
  "[tenant]/bindings/[id]": {
    GET: async (t) => ({ params: { id: (await t.freshBinding()).id } }),
    DELETE: async (t) => ({ params: { id: (await t.freshBinding()).id } }),
  },
  "[tenant]/audit-logs/search": { GET: async () => ({ params: {} }) },
  "[tenant]/flows": { POST: async (t) => ({ params: {}, body: t.flowYaml("iso.team", `created-${newId(8)}`) }) },
  "[tenant]/flows/search": { GET: async () => ({ params: {}, query: "q=flow&namespace=iso" }) },
  "[tenant]/flows/distinct-namespaces": { GET: async () => ({ params: {} }) },
  "[tenant]/flows/validate": { POST: async (t) => ({ params: {}, body: `${t.flowYaml("iso.team", "a")}---\n${t.flowYaml("iso.team", "b")}` }) },
  "[tenant]/flows/[namespace]": {
    GET: async () => ({ params: { namespace: "iso.team" } }),
    POST: async (t) => {
      const namespace = `iso.bulk${newId(6).toLowerCase()}`;
      await t.freshFlow(namespace);
      return { params: { namespace }, query: "delete=true", body: t.flowYaml(namespace, "only-this-one") };
    },
  },
  "[tenant]/flows/[namespace]/[id]": {
    GET: async (t) => ({ params: await t.freshFlow() }),
    PUT: async (t) => {
      const flow = await t.freshFlow();
      return { params: { namespace: flow.namespace, id: flow.id }, body: t.flowYaml(flow.namespace, flow.id, "changed") };
    },
    DELETE: async (t) => {
      const flow = await t.freshFlow();
      return { params: { namespace: flow.namespace, id: flow.id } };
    },
  },
  "[tenant]/flows/[namespace]/[id]/revisions": {
    GET: async (t) => {
      const flow = await t.freshFlow();
      return { params: { namespace: flow.namespace, id: flow.id } };
    },
  },
  "[tenant]/plugins/schemas/flow": { GET: async () => ({ params: {} }) },
  "[tenant]/namespaces/search": { GET: async () => ({ params: {} }) },
  "[tenant]/namespaces/[namespace]": {
    GET: async () => ({ params: { namespace: "iso.team" } }),
    PUT: async () => ({ params: { namespace: "iso.team" }, body: { allowedNamespaces: [{ namespace: "iso.other" }] } }),
  },
  "[tenant]/executions/[executionId]/[id]": { POST: async () => ({ params: { executionId: "iso.team", id: "run-quick" } }) },
  "[tenant]/executions/[executionId]": {
    GET: async (t) => ({ params: { executionId: t.ended.id } }),
    DELETE: async (t) => ({ params: { executionId: (await t.freshExecution("quick")).id } }),
  },
  "[tenant]/executions/search": { GET: async () => ({ params: {}, query: "namespace=iso.team&state=SUCCESS" }) },
  "[tenant]/executions/[executionId]/kill": { DELETE: async (t) => ({ params: { executionId: (await t.freshExecution("sleep", "started")).id } }) },
  "[tenant]/executions/[executionId]/restart": { POST: async (t) => ({ params: { executionId: (await t.freshExecution("fail")).id } }) },
  "[tenant]/executions/[executionId]/state": {
    POST: async (t) => {
      const failed = await t.freshExecution("fail");
      return { params: { executionId: failed.id }, body: { taskRunId: failed.taskRunList[0].id, state: "SUCCESS" } };
    },
  },
  "[tenant]/executions/[executionId]/replay": { POST: async (t) => ({ params: { executionId: t.ended.id } }) },
  "[tenant]/executions/[executionId]/resume": { POST: async (t) => ({ params: { executionId: (await t.freshExecution("pause", "PAUSED")).id } }) },
  "[tenant]/executions/[executionId]/labels": { POST: async (t) => ({ params: { executionId: t.ended.id }, body: [{ key: "team", value: "data" }] }) },
  "[tenant]/executions/[executionId]/follow": { GET: async (t) => ({ params: { executionId: t.ended.id } }) },
  "[tenant]/executions/[executionId]/file": {
    GET: async (t) => ({ params: { executionId: t.ended.id }, query: `path=${encodeURIComponent(String(t.ended.taskRunList[0].outputs?.uri))}` }),
  },
  "[tenant]/executions/[executionId]/file/metas": {
    GET: async (t) => ({ params: { executionId: t.ended.id }, query: `path=${encodeURIComponent(String(t.ended.taskRunList[0].outputs?.uri))}` }),
  },
  "[tenant]/logs/[executionId]": { GET: async (t) => ({ params: { executionId: t.ended.id } }) },
  "[tenant]/logs/[executionId]/download": { GET: async (t) => ({ params: { executionId: t.ended.id } }) },
  "[tenant]/logs/[executionId]/follow": { GET: async (t) => ({ params: { executionId: t.ended.id } }) },
  "[tenant]/logs/search": { GET: async () => ({ params: {}, query: "namespace=iso.team" }) },
  "[tenant]/metrics/[executionId]": { GET: async (t) => ({ params: { executionId: t.metered.id } }) },
  "[tenant]/metrics/names/[namespace]/[flowId]": { GET: async () => ({ params: { namespace: "iso.team", flowId: "run-metric" } }) },
  "[tenant]/metrics/names/[namespace]/[flowId]/[taskId]": { GET: async () => ({ params: { namespace: "iso.team", flowId: "run-metric", taskId: "give" } }) },
  "[tenant]/metrics/tasks/[namespace]/[flowId]": { GET: async () => ({ params: { namespace: "iso.team", flowId: "run-metric" } }) },
  "[tenant]/metrics/aggregates/[namespace]/[flowId]/[...path]": { GET: async () => ({ params: { namespace: "iso.team", flowId: "run-metric", path: "give/length" } }) },
  "[tenant]/executions/webhook/[namespace]/[flowId]/[key]": {
    GET: async (t) => ({ params: { namespace: "iso.team", flowId: "run-quick", key: t.hookKey } }),
    POST: async (t) => ({ params: { namespace: "iso.team", flowId: "run-quick", key: t.hookKey }, body: { hello: "world" } }),
    PUT: async (t) => ({ params: { namespace: "iso.team", flowId: "run-quick", key: t.hookKey }, body: { hello: "world" } }),
  },
  "[tenant]/namespaces/[namespace]/kv": { GET: async () => ({ params: { namespace: "iso.team" } }) },
  "[tenant]/namespaces/[namespace]/kv/[key]": {
    GET: async (t) => ({ params: await t.freshKv() }),
    PUT: async (t) => ({ params: await t.freshKv(), body: { value: 42 } }),
    DELETE: async (t) => ({ params: await t.freshKv() }),
  },
  "[tenant]/namespaces/[namespace]/secrets": {
    GET: async () => ({ params: { namespace: "iso.team" } }),
    PUT: async () => ({ params: { namespace: "iso.team" }, body: { key: `S_${newId(8)}`, value: "a new value" } }),
  },
  "[tenant]/namespaces/[namespace]/secrets/[key]": {
    PATCH: async (t) => ({ params: await t.freshSecret(), body: { description: "changed" } }),
    DELETE: async (t) => ({ params: await t.freshSecret() }),
  },
  "[tenant]/namespaces/[namespace]/files": {
    GET: async (t) => ({ params: { namespace: "iso.team" }, query: `path=${encodeURIComponent(await t.freshFile())}` }),
    POST: async () => ({ params: { namespace: "iso.team" }, query: `path=/new-${newId(8)}.txt`, body: "new content" }),
    PUT: async (t) => ({ params: { namespace: "iso.team" }, query: `from=${encodeURIComponent(await t.freshFile())}&to=/moved-${newId(8)}.txt` }),
    DELETE: async (t) => ({ params: { namespace: "iso.team" }, query: `path=${encodeURIComponent(await t.freshFile())}` }),
  },
  "[tenant]/namespaces/[namespace]/files/directory": {
    GET: async () => ({ params: { namespace: "iso.team" } }),
    POST: async () => ({ params: { namespace: "iso.team" }, query: `path=/dir-${newId(8)}` }),
  },
  "[tenant]/namespaces/[namespace]/files/stats": { GET: async (t) => ({ params: { namespace: "iso.team" }, query: `path=${encodeURIComponent(await t.freshFile())}` }) },
  "[tenant]/namespaces/[namespace]/files/search": { GET: async () => ({ params: { namespace: "iso.team" }, query: "q=f-" }) },
  "[tenant]/namespaces/[namespace]/files/export": { GET: async () => ({ params: { namespace: "iso.team" } }) },
  "[tenant]/namespaces/[namespace]/inherited-secrets": { GET: async () => ({ params: { namespace: "iso.team.child" } }) },
};

const SUCCESS: Record<Method, number[]> = { GET: [200], POST: [200, 201], PUT: [200, 204], PATCH: [200, 204], DELETE: [200, 202, 204] };

/** Tenant routes that only a superadmin may call (a tenant admin invites instead): the 2xx case runs as one. */
const SUPERADMIN_ONLY = new Set(["POST [tenant]/tenant-access"]);

/** Routes whose credential is in the URL (a webhook key), as in Kestra: no session needed. */
const PUBLIC = new Set(["[tenant]/executions/webhook/[namespace]/[flowId]/[key]"]);

let A: TenantSeed;
let superadmin: Awaited<ReturnType<typeof seedUser>>;
let B: TenantSeed;
let routes: RouteFile[];
let allRoutes: RouteFile[];

beforeAll(async () => {
  await startEngine({ leaseMs: 5000 });
  allRoutes = await loadRoutes((p) => p.startsWith("[tenant]"));
  routes = allRoutes.filter((r) => !PUBLIC.has(r.pattern));
  superadmin = await seedUser({ superAdmin: true });
  A = await seedSide("a");
  B = await seedSide("b");
});

afterAll(async () => {
  await stopEngine();
});

function expectNoForeignData(text: string) {
  expect(text).not.toContain(B.marker);
  expect(text).not.toContain(B.id);
  expect(text).not.toContain(B.admin.email);
  expect(text).not.toContain(B.bystander.email);
}

test("every tenant route has a fixture for every method it exports", () => {
  const missing = allRoutes.flatMap((r) => r.methods.filter((m) => !fixtures[r.pattern]?.[m]).map((m) => `${m} ${r.pattern}`));
  expect(missing).toEqual([]);
  expect(routes.length).toBeGreaterThanOrEqual(9);
});

describe("isolation matrix", () => {
  test("own tenant with the permission: 2xx, and nothing of tenant B", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(A);
        const { source: _source, ...params } = c.params as Record<string, string>;
        const who = SUPERADMIN_ONLY.has(`${method} ${route.pattern}`) ? superadmin : A.admin;
        const res = await call(route, method, { ...c, params: { tenant: A.id, ...params }, auth: basicAuth(who.email) });
        expect.soft(SUCCESS[method], `${method} ${route.pattern}: ${res.status} ${res.text}`).toContain(res.status);
        expectNoForeignData(res.text);
      }
    }
  });

  test("another tenant's id in the path: 404, nothing of tenant B", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(B);
        const res = await call(route, method, { ...c, params: { tenant: B.id, ...c.params }, auth: basicAuth(A.admin.email) });
        expect.soft(res.status, `${method} ${route.pattern}`).toBe(404);
        expect(res.text).not.toContain(B.marker);
        expect(res.text).not.toContain(B.admin.email);
      }
    }
  });

  test("tenant B's resource ids under tenant A's path: never B's data", async () => {
    // Bodies are the caller's own words (echoing them is no leak), so only reads and deletes here.
    for (const route of routes.filter((r) => /\[(?!tenant\])/.test(r.pattern))) {
      for (const method of route.methods.filter((m) => m === "GET" || m === "DELETE")) {
        const c = await fixtures[route.pattern]![method]!(B);
        const res = await call(route, method, { ...c, params: { tenant: A.id, ...c.params }, auth: basicAuth(A.admin.email) });
        // A namespace may exist in both tenants (that is the point); ids of B's objects may not.
        if (/\[(id|userId|key|executionId)\]/.test(route.pattern)) expect.soft([404, 422], `${method} ${route.pattern}: ${res.status}`).toContain(res.status);
        expectNoForeignData(res.text);
      }
    }
    // And B's objects are intact.
    const res = await call(routes.find((r) => r.pattern === "[tenant]/roles")!, "GET", {
      params: { tenant: B.id },
      auth: basicAuth(B.admin.email),
      query: "size=100",
    });
    expect(res.text).toContain(B.marker);
  });

  test("unknown tenant: 404", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(A);
        const res = await call(route, method, { ...c, params: { ...c.params, tenant: "no-such-tenant" }, auth: basicAuth(A.admin.email) });
        expect.soft(res.status, `${method} ${route.pattern}`).toBe(404);
        expect(res.json).toMatchObject({ message: "Tenant not found" });
      }
    }
  });

  test("no credentials: 401; wrong password: 401", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(A);
        const anonymous = await call(route, method, { ...c, params: { tenant: A.id, ...c.params } });
        expect.soft(anonymous.status, `${method} ${route.pattern}`).toBe(401);
        const wrong = await call(route, method, { ...c, params: { tenant: A.id, ...c.params }, auth: "Bearer sy_not-a-token" });
        expect.soft(wrong.status, `${method} ${route.pattern} with a bad token`).toBe(401);
      }
    }
  });

  test("a member without the permission: 403", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(A);
        const res = await call(route, method, { ...c, params: { tenant: A.id, ...c.params }, auth: basicAuth(A.bystander.email) });
        expect.soft(res.status, `${method} ${route.pattern}: ${res.text}`).toBe(403);
        expectNoForeignData(res.text);
      }
    }
  });
});

describe("public webhook routes", () => {
  test("a webhook key starts its flow without credentials; the key of one tenant opens nothing in another", async () => {
    for (const route of allRoutes.filter((r) => PUBLIC.has(r.pattern))) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(A);
        const own = await call(route, method, { ...c, params: { tenant: A.id, ...c.params } });
        expect.soft(own.status, `${method} ${route.pattern}: ${own.text}`).toBe(200);
        expect(own.json).toMatchObject({ tenantId: A.id, namespace: "iso.team", flowId: "run-quick" });
        const elsewhere = await call(route, method, { ...c, params: { tenant: B.id, ...c.params } });
        expect.soft(elsewhere.status, `${method} ${route.pattern} under B`).toBe(404);
        expectNoForeignData(elsewhere.text);
        const unknown = await call(route, method, { ...c, params: { tenant: "no-such-tenant", ...c.params } });
        expect.soft(unknown.status).toBe(404);
        const wrongKey = await call(route, method, { ...c, params: { tenant: A.id, ...c.params, key: "nope" } });
        expect.soft(wrongKey.status).toBe(404);
      }
    }
  });
});

/**
 * Issue 10, finding 2, attacked as the probe did: a user whose only binding is scoped to
 * `carolns` writes flows in `carolns` that reach into `alicens` (KV by function and by
 * task, a Subflow, a Flow trigger watching `alicens`, validate's `exists`). Inside flows
 * the right ends at its namespace too, until `alicens` allows `carolns`.
 */
describe("a namespace-scoped user inside flows", () => {
  let tenantId: string;
  let carol: string;
  let admin: string;

  async function carolFlow(id: string, tasks: string, extra = "") {
    const source = `id: ${id}\nnamespace: carolns\ntasks:\n${tasks}${extra}`;
    const res = await call(allRoutes.find((r) => r.pattern === "[tenant]/flows")!, "POST", { params: { tenant: tenantId }, auth: carol, body: source });
    expect(res.status, res.text).toBe(201);
  }

  async function run(namespace: string, flowId: string) {
    const started = await startExecution({ tenantId, namespace, flowId, inputs: {} });
    const done = (await waitForEnd(tenantId, started.id, 20_000))!;
    const logs = await call(allRoutes.find((r) => r.pattern === "[tenant]/logs/[executionId]")!, "GET", { params: { tenant: tenantId, executionId: done.id }, auth: admin });
    return { done, logs: logs.text };
  }

  const kvOfAlice = async () =>
    (await call(allRoutes.find((r) => r.pattern === "[tenant]/namespaces/[namespace]/kv/[key]")!, "GET", { params: { tenant: tenantId, namespace: "alicens", key: "k" }, auth: admin })).json;

  beforeAll(async () => {
    tenantId = (await seedTenant(uniqueTenantId("iso-ns"))).id;
    const carolUser = await seedUser({ access: [tenantId] });
    await withTenant({ tenantId }, (tx) => createBinding(tx, { tenantId, type: "USER", externalId: carolUser.id, roleId: "editor", namespaceId: "carolns" }));
    carol = basicAuth(carolUser.email);
    admin = basicAuth((await seedUser({ access: [tenantId], roles: { [tenantId]: "admin" } })).email);
    await withTenant({ tenantId }, (tx) => setKv(tx, { tenantId, namespace: "alicens", key: "k", value: "alice-secret" }));
    const target = "id: target\nnamespace: alicens\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: alice ran\n";
    const parsed = validateFlowSource(target);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    await withTenant({ tenantId }, (tx) => saveFlow(tx, { tenantId, flow: parsed.flow, source: target, authorId: null, mode: "create" }));
  });

  test("the REST API already stops carol at her namespace", async () => {
    const res = await call(allRoutes.find((r) => r.pattern === "[tenant]/namespaces/[namespace]/kv/[key]")!, "GET", { params: { tenant: tenantId, namespace: "alicens", key: "k" }, auth: carol });
    expect([403, 404]).toContain(res.status);
  });

  test("kv() with namespace='alicens' fails the task and shows nothing of alice", async () => {
    await carolFlow("readfn", "  - id: read\n    type: io.kestra.plugin.core.debug.Return\n    format: \"{{ kv('k', namespace='alicens') }}\"\n");
    const { done, logs } = await run("carolns", "readfn");
    expect(done.state.current).toBe("FAILED");
    expect(JSON.stringify(done)).not.toContain("alice-secret");
    expect(logs).toContain("Namespace 'alicens' does not allow flows of namespace 'carolns'");
  });

  test("kv.Get and kv.Set with namespace: alicens fail; alice's value is unchanged", async () => {
    await carolFlow("readtask", "  - id: get\n    type: io.kestra.plugin.core.kv.Get\n    key: k\n    namespace: alicens\n");
    await carolFlow("writetask", "  - id: set\n    type: io.kestra.plugin.core.kv.Set\n    key: k\n    value: carol-was-here\n    namespace: alicens\n");
    for (const flowId of ["readtask", "writetask"]) {
      const { done, logs } = await run("carolns", flowId);
      expect(done.state.current, flowId).toBe("FAILED");
      expect(JSON.stringify(done)).not.toContain("alice-secret");
      expect(logs).toContain("does not allow flows of namespace 'carolns' to reach it (KV)");
    }
    expect(await kvOfAlice()).toMatchObject({ value: "alice-secret" });
  });

  test("carol's flows still reach her own namespace and its children", async () => {
    await carolFlow("own", "  - id: set\n    type: io.kestra.plugin.core.kv.Set\n    key: mine\n    value: ok\n    namespace: carolns.sub\n  - id: get\n    type: io.kestra.plugin.core.kv.Get\n    key: mine\n    namespace: carolns.sub\n");
    const { done } = await run("carolns", "own");
    expect(done.state.current).toBe("SUCCESS");
  });

  test("a Subflow into alicens fails and starts nothing there", async () => {
    await carolFlow("sub", "  - id: call\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: alicens\n    flowId: target\n    wait: true\n");
    const { done, logs } = await run("carolns", "sub");
    expect(done.state.current).toBe("FAILED");
    expect(logs).toContain("(subflow)");
    const search = await call(allRoutes.find((r) => r.pattern === "[tenant]/executions/search")!, "GET", { params: { tenant: tenantId }, auth: admin, query: "namespace=alicens" });
    expect((search.json as { total: number }).total).toBe(0);
  });

  test("a Flow trigger watching alicens never fires on alicens executions", async () => {
    await carolFlow(
      "watch",
      "  - id: seen\n    type: io.kestra.plugin.core.log.Log\n    message: \"saw {{ trigger.executionId }}\"\n",
      "triggers:\n  - id: on-alice\n    type: io.kestra.plugin.core.trigger.Flow\n    conditions:\n      - type: io.kestra.plugin.core.condition.ExecutionNamespace\n        namespace: alicens\n",
    );
    const { done } = await run("alicens", "target");
    expect(done.state.current).toBe("SUCCESS");
    await new Promise((r) => setTimeout(r, 1500));
    const search = await call(allRoutes.find((r) => r.pattern === "[tenant]/executions/search")!, "GET", { params: { tenant: tenantId }, auth: admin, query: "namespace=carolns&flowId=watch" });
    expect((search.json as { total: number }).total).toBe(0);
  });

  test("validate does not tell carol whether a flow exists in alicens", async () => {
    const body = "id: target\nnamespace: alicens\ntasks:\n  - id: x\n    type: io.kestra.plugin.core.log.Log\n    message: x\n";
    const res = await call(allRoutes.find((r) => r.pattern === "[tenant]/flows/validate")!, "POST", { params: { tenant: tenantId }, auth: carol, body });
    expect(res.status).toBe(200);
    expect((res.json as { exists: boolean }[])[0].exists).toBe(false);
    const mine = await call(allRoutes.find((r) => r.pattern === "[tenant]/flows/validate")!, "POST", { params: { tenant: tenantId }, auth: admin, body });
    expect((mine.json as { exists: boolean }[])[0].exists).toBe(true);
  });

  test("once alicens allows carolns (set by someone with rights there, not by carol), carol's flow reads it", async () => {
    const namespaceRoute = allRoutes.find((r) => r.pattern === "[tenant]/namespaces/[namespace]")!;
    const body = { allowedNamespaces: [{ namespace: "carolns" }] };
    const refused = await call(namespaceRoute, "PUT", { params: { tenant: tenantId, namespace: "alicens" }, auth: carol, body });
    expect(refused.status).toBe(403);
    const allowed = await call(namespaceRoute, "PUT", { params: { tenant: tenantId, namespace: "alicens" }, auth: admin, body });
    expect(allowed.status, allowed.text).toBe(200);
    const { done } = await run("carolns", "readfn");
    expect(done.state.current).toBe("SUCCESS");
    expect(done.taskRunList[0].outputs).toMatchObject({ value: "alice-secret" });
  });
});
