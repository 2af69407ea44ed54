import { beforeAll, describe, expect, test, vi } from "vitest";
import { withTenant } from "@/db/tenant";
import { createBinding, findAuditLogs } from "@/db/queries/access";
import { getFlow, listFlowRevisions } from "@/db/queries/flows";
import { insertExecution } from "@/db/queries/executions";
import { lastExecutions, revisionHistory } from "@/db/queries/flow-activity";
import { seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { executionDoc } from "../helpers/execution";

/**
 * The flow editor's server actions: the same create/update semantics as the API (409 on
 * an existing flow, 422 on an invalid one, the id and namespace fixed on update), checks
 * by namespace, revisions and audit entries in the caller's tenant only.
 */
type SessionUser = { id: string; email: string; name: string; superAdmin: boolean };
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/ui/session", () => ({ currentUser: async () => session.user, requireUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => {}, refresh: () => {} }));

const { createFlow, updateFlow, restoreFlowRevision, validateFlowDraft } = await import("@/lib/actions/flows");

const as = (u: { id: string; email: string; superAdmin: boolean }) => {
  session.user = { id: u.id, email: u.email, name: u.email, superAdmin: u.superAdmin };
};

const flow = (message: string, { id = "etl", namespace = "company.team" } = {}) =>
  `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: run\n    type: io.kestra.plugin.core.log.Log\n    message: ${message}\n`;

let tenant: string;
let other: string;
let editor: Awaited<ReturnType<typeof seedUser>>;
let viewer: Awaited<ReturnType<typeof seedUser>>;

beforeAll(async () => {
  tenant = (await seedTenant(uniqueTenantId("fa"))).id;
  other = (await seedTenant(uniqueTenantId("fb"))).id;
  editor = await seedUser({ access: [tenant, other], roles: { [tenant]: "editor", [other]: "editor" } });
  viewer = await seedUser({ access: [tenant], roles: { [tenant]: "viewer" } });
});

describe("flow editor actions", () => {
  test("validation reports line, column and path, and needs a session", async () => {
    session.user = null;
    expect((await validateFlowDraft(flow("x"))).problems[0]!.message).toMatch(/sign in/i);
    as(editor);
    const valid = await validateFlowDraft(flow("x"));
    expect(valid.problems).toEqual([]);
    // The editor's live topology comes with the result.
    expect(valid.graph?.nodes.filter((n) => n.kind === "task").map((n) => n.label)).toEqual(["run"]);
    const { problems, graph } = await validateFlowDraft(flow("x").replace("log.Log", "log.Nope"));
    expect(problems).toEqual([{ path: "tasks[0].type", message: 'unknown task type "io.kestra.plugin.core.log.Nope"', line: 5, column: 11 }]);
    // A draft with problems is still drawn while its YAML parses; broken YAML draws nothing.
    expect(graph?.nodes.some((n) => n.label === "run")).toBe(true);
    expect((await validateFlowDraft('id: a\nnamespace: b\ntasks: [\n  - id: "x')).graph).toBeUndefined();
  });

  test("create, then 409 on the same id; invalid sources are refused with the reason", async () => {
    as(editor);
    expect(await createFlow({ tenantId: tenant, source: flow("one") })).toEqual({ ok: true, data: { namespace: "company.team", id: "etl", revision: 1, changed: true } });
    const again = await createFlow({ tenantId: tenant, source: flow("two") });
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining("already exists"), fieldErrors: { id: "already exists" } });
    const invalid = await createFlow({ tenantId: tenant, source: flow("x", { id: "bad" }).replace("log.Log", "log.Nope") });
    expect(invalid).toMatchObject({ ok: false, error: expect.stringContaining("tasks[0].type") });
    expect(await withTenant({ tenantId: tenant }, (tx) => getFlow(tx, { namespace: "company.team", id: "bad" }))).toBeNull();
  });

  test("update bumps the revision only on change; the id cannot change; restore saves a new revision", async () => {
    as(editor);
    const key = { tenantId: tenant, namespace: "company.team", id: "etl" };
    expect(await updateFlow({ ...key, source: flow("one") })).toMatchObject({ ok: true, data: { revision: 1, changed: false } });
    expect(await updateFlow({ ...key, source: flow("changed") })).toMatchObject({ ok: true, data: { revision: 2, changed: true } });
    expect(await updateFlow({ ...key, source: flow("changed", { id: "renamed" }) })).toMatchObject({ ok: false, fieldErrors: { id: "cannot change" } });
    expect(await restoreFlowRevision({ ...key, revision: 1 })).toMatchObject({ ok: true, data: { revision: 3 } });

    const { row, revisions, audit } = await withTenant({ tenantId: tenant }, async (tx) => ({
      row: await getFlow(tx, { namespace: "company.team", id: "etl" }),
      revisions: await listFlowRevisions(tx, { namespace: "company.team", id: "etl" }),
      audit: (await findAuditLogs(tx, { page: 1, size: 10 })).results.filter((a) => a.resourceType === "FLOW"),
    }));
    expect(row!.source).toBe(flow("one"));
    expect(revisions.map((r) => r.revision)).toEqual([1, 2, 3]);
    expect(audit.map((a) => [a.action, a.detail])).toEqual(
      expect.arrayContaining([
        ["CREATE", { revision: 1 }],
        ["UPDATE", { revision: 2 }],
        ["UPDATE", { revision: 3, restoredFrom: 1 }],
      ]),
    );
    expect(await restoreFlowRevision({ ...key, revision: 3 })).toMatchObject({ ok: false, error: expect.stringContaining("nothing to restore") });
  });

  test("a viewer cannot save, and a flow of another tenant is another flow", async () => {
    as(viewer);
    expect(await updateFlow({ tenantId: tenant, namespace: "company.team", id: "etl", source: flow("hack") })).toMatchObject({
      ok: false,
      error: expect.stringContaining("FLOW:UPDATE"),
    });
    expect(await createFlow({ tenantId: other, source: flow("x") })).toEqual({ ok: false, error: "Tenant not found or you have no access." });
    as(editor);
    expect(await updateFlow({ tenantId: other, namespace: "company.team", id: "etl", source: flow("x") })).toMatchObject({ ok: false, error: expect.stringContaining("no longer exists") });
    expect(await createFlow({ tenantId: other, source: flow("other tenant") })).toMatchObject({ ok: true, data: { revision: 1 } });
    const sources = await Promise.all([tenant, other].map((t) => withTenant({ tenantId: t }, (tx) => getFlow(tx, { namespace: "company.team", id: "etl" }))));
    expect(sources.map((s) => s!.source)).toEqual([flow("one"), flow("other tenant")]);
  });

  test("namespace-scoped roles: editing is checked against the flow's namespace", async () => {
    const scoped = await seedUser({ access: [tenant] });
    await withTenant({ tenantId: tenant }, async (tx) => {
      await createBinding(tx, { tenantId: tenant, type: "USER", externalId: scoped.id, roleId: "editor", namespaceId: "company.data" });
    });
    as(scoped);
    expect(await createFlow({ tenantId: tenant, source: flow("x", { namespace: "company.team", id: "nope" }) })).toMatchObject({
      ok: false,
      error: expect.stringContaining("company.team (FLOW:CREATE)"),
    });
    expect(await createFlow({ tenantId: tenant, source: flow("x", { namespace: "company.data.raw", id: "ok" }) })).toMatchObject({ ok: true });
  });

  test("the list's helpers: last execution per flow (none when it never ran), revisions with authors", async () => {
    const { last, history } = await withTenant({ tenantId: tenant }, async (tx) => {
      for (const [id, state, at] of [
        ["e1", "FAILED", "2025-01-01T10:00:00Z"],
        ["e2", "SUCCESS", "2025-01-02T10:00:00Z"],
      ] as const) {
        await insertExecution(tx, {
          tenantId: tenant,
          doc: executionDoc({ id, namespace: "company.team", flowId: "etl", flowRevision: 1, state: { current: state, startDate: at, histories: [] } }),
        });
      }
      return {
        last: await lastExecutions(tx, [
          { namespace: "company.team", id: "etl" },
          { namespace: "company.data.raw", id: "ok" },
        ]),
        history: await revisionHistory(tx, { namespace: "company.team", id: "etl" }),
      };
    });
    expect(last.get("company.team/etl")).toMatchObject({ id: "e2", state: "SUCCESS" });
    expect(last.has("company.data.raw/ok")).toBe(false);
    expect(history.map((h) => [h.revision, h.authorEmail])).toEqual([
      [3, editor.email],
      [2, editor.email],
      [1, editor.email],
    ]);
  });
});
