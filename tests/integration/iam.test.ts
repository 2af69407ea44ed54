import { beforeAll, describe, expect, test } from "vitest";
import { sql } from "drizzle-orm";
import { withTenant, withUser } from "@/db/tenant";
import { createBinding } from "@/db/queries/access";
import { myPendingInvitations } from "@/db/queries/iam";
import { getDb } from "@/db/client";
import { answerInvitationAs } from "@/lib/server/invitations";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";
import { rows } from "../helpers/sql";

/**
 * Groups, service accounts and invitations (issue 12 items 3-4, issue 10 finding 6),
 * through the REST routes as a client calls them.
 */

let routes: RouteFile[];
const route = (pattern: string) => routes.find((r) => r.pattern === pattern)!;
const flowYaml = (namespace: string, id: string) => `id: ${id}\nnamespace: ${namespace}\ntasks:\n  - id: hello\n    type: io.kestra.plugin.core.log.Log\n    message: hi\n`;

let tenantId: string;
let otherTenantId: string;
let admin: string;
let otherAdmin: string;

beforeAll(async () => {
  routes = await loadRoutes(() => true);
  tenantId = (await seedTenant(uniqueTenantId("iam"))).id;
  otherTenantId = (await seedTenant(uniqueTenantId("iam-other"))).id;
  admin = basicAuth((await seedUser({ access: [tenantId], roles: { [tenantId]: "admin" } })).email);
  otherAdmin = basicAuth((await seedUser({ access: [otherTenantId], roles: { [otherTenantId]: "admin" } })).email);
  for (const [ns, id] of [["team.a", "flow-a"], ["team.b", "flow-b"]]) {
    const res = await call(route("[tenant]/flows"), "POST", { params: { tenant: tenantId }, auth: admin, body: flowYaml(ns, id) });
    expect(res.status, res.text).toBe(201);
  }
});

describe("invitations (issue 10, finding 6, attacked as the probe did)", () => {
  test("the answer is the same for an unknown e-mail, a known one and the superadmin's", async () => {
    const known = await seedUser();
    const superadmin = await seedUser({ superAdmin: true });
    const answers = [];
    for (const email of [`nobody-${Date.now()}@example.test`, known.email, superadmin.email]) {
      const res = await call(route("[tenant]/invitations"), "POST", { params: { tenant: tenantId }, auth: admin, body: { email } });
      expect(res.status, res.text).toBe(201);
      const { id, createdAt, expiresAt, email: echoed, ...rest } = res.json as Record<string, unknown>;
      expect(echoed).toBe(email.toLowerCase());
      expect(typeof id).toBe("string");
      expect(typeof createdAt).toBe("string");
      expect(typeof expiresAt).toBe("string");
      answers.push(rest);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]).toEqual({ bindings: [], status: "PENDING", answeredAt: null });
  });

  test("a tenant admin cannot add anyone directly (by e-mail or id), the superadmin included; a superadmin can", async () => {
    const known = await seedUser();
    const superadmin = await seedUser({ superAdmin: true });
    for (const body of [{ email: known.email }, { userId: known.id }, { email: superadmin.email }, { email: "nobody@example.test" }]) {
      const res = await call(route("[tenant]/tenant-access"), "POST", { params: { tenant: tenantId }, auth: admin, body });
      expect(res.status, res.text).toBe(403);
      expect(res.text).not.toMatch(/no user/i);
    }
    const access = await call(route("[tenant]/tenant-access/[userId]"), "GET", { params: { tenant: tenantId, userId: known.id }, auth: admin });
    expect(access.status).toBe(404);
    const direct = await call(route("[tenant]/tenant-access"), "POST", { params: { tenant: tenantId }, auth: basicAuth(superadmin.email), body: { email: known.email } });
    expect(direct.status, direct.text).toBe(201);
  });

  test("no access before acceptance; accepting gives access and the bindings; only the invitee can answer", async () => {
    const invitee = await seedUser();
    const stranger = await seedUser();
    const res = await call(route("[tenant]/invitations"), "POST", {
      params: { tenant: tenantId },
      auth: admin,
      body: { email: invitee.email.toUpperCase(), bindings: [{ roleId: "viewer", namespaceId: "team.a" }] },
    });
    expect(res.status, res.text).toBe(201);
    const invitationId = (res.json as { id: string }).id;
    const flows = () => call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: basicAuth(invitee.email) });
    expect((await flows()).status).toBe(404);

    // The invitee sees it; nobody else does (not even in another door with a tenant set).
    const mine = await call(route("me/invitations"), "GET", { params: {}, auth: basicAuth(invitee.email) });
    expect(mine.json).toMatchObject({ total: 1, results: [{ id: invitationId, tenantId }] });
    const theirs = await call(route("me/invitations"), "GET", { params: {}, auth: basicAuth(stranger.email) });
    expect(theirs.json).toMatchObject({ total: 0 });
    expect(await withTenant({ tenantId: otherTenantId, userId: invitee.id }, (tx) => myPendingInvitations(tx))).toEqual([]);

    await expect(answerInvitationAs(stranger, { tenantId, id: invitationId, accept: true })).rejects.toMatchObject({ status: 404 });
    await expect(answerInvitationAs(invitee, { tenantId: otherTenantId, id: invitationId, accept: true })).rejects.toMatchObject({ status: 404 });
    expect((await flows()).status).toBe(404);

    await answerInvitationAs(invitee, { tenantId, id: invitationId, accept: true });
    const after = await flows();
    expect(after.status, after.text).toBe(200);
    const ids = (after.json as { results: { id: string }[] }).results.map((f) => f.id);
    expect(ids).toEqual(["flow-a"]);
    await expect(answerInvitationAs(invitee, { tenantId, id: invitationId, accept: true })).rejects.toMatchObject({ status: 409 });
    const listed = await call(route("[tenant]/invitations/[id]"), "GET", { params: { tenant: tenantId, id: invitationId }, auth: admin });
    expect(listed.json).toMatchObject({ status: "ACCEPTED" });
  });

  test("declining gives nothing; a withdrawn invitation cannot be accepted", async () => {
    const invitee = await seedUser();
    const invite = async () =>
      (await call(route("[tenant]/invitations"), "POST", { params: { tenant: tenantId }, auth: admin, body: { email: invitee.email } })).json as { id: string };
    const declined = await invite();
    await answerInvitationAs(invitee, { tenantId, id: declined.id, accept: false });
    const withdrawn = await invite();
    const del = await call(route("[tenant]/invitations/[id]"), "DELETE", { params: { tenant: tenantId, id: withdrawn.id }, auth: admin });
    expect(del.status).toBe(204);
    await expect(answerInvitationAs(invitee, { tenantId, id: withdrawn.id, accept: true })).rejects.toMatchObject({ status: 404 });
    expect((await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: basicAuth(invitee.email) })).status).toBe(404);
  });

  test("an invitation's role must exist; bad e-mails name the field", async () => {
    const noRole = await call(route("[tenant]/invitations"), "POST", { params: { tenant: tenantId }, auth: admin, body: { email: "x@example.test", bindings: [{ roleId: "nope" }] } });
    expect(noRole.status).toBe(422);
    expect(noRole.text).toContain("bindings.0.roleId");
    const bad = await call(route("[tenant]/invitations"), "POST", { params: { tenant: tenantId }, auth: admin, body: { email: "not-an-email" } });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("email");
  });
});

describe("groups", () => {
  test("a group bound to a role in one namespace gives its members exactly that; leaving the group ends it at once", async () => {
    const member = await seedUser({ access: [tenantId] });
    const auth = basicAuth(member.email);
    const created = await call(route("[tenant]/groups"), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: "Team A", description: "owners of team.a" } });
    expect(created.status, created.text).toBe(201);
    const groupId = (created.json as { id: string }).id;
    const dup = await call(route("[tenant]/groups"), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: "team a" } });
    expect(dup.status).toBe(409);
    const bound = await call(route("[tenant]/bindings"), "POST", {
      params: { tenant: tenantId },
      auth: admin,
      body: { type: "GROUP", externalId: groupId, roleId: "editor", namespaceId: "team.a" },
    });
    expect(bound.status, bound.text).toBe(201);

    const search = () => call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth });
    expect((await search()).status).toBe(403);
    const add = await call(route("[tenant]/groups/[id]/members/[userId]"), "PUT", { params: { tenant: tenantId, id: groupId, userId: member.id }, auth: admin });
    expect(add.status, add.text).toBe(204);
    const members = await call(route("[tenant]/groups/[id]/members"), "GET", { params: { tenant: tenantId, id: groupId }, auth: admin });
    expect(members.json).toMatchObject({ total: 1, results: [{ id: member.id, email: member.email }] });

    const seen = await search();
    expect(seen.status).toBe(200);
    expect((seen.json as { results: { id: string }[] }).results.map((f) => f.id)).toEqual(["flow-a"]);
    const updateA = await call(route("[tenant]/flows/[namespace]/[id]"), "PUT", { params: { tenant: tenantId, namespace: "team.a", id: "flow-a" }, auth, body: flowYaml("team.a", "flow-a") });
    expect(updateA.status, updateA.text).toBe(200);
    const readB = await call(route("[tenant]/flows/[namespace]/[id]"), "GET", { params: { tenant: tenantId, namespace: "team.b", id: "flow-b" }, auth });
    expect([403, 404]).toContain(readB.status);
    const createRole = await call(route("[tenant]/roles"), "POST", { params: { tenant: tenantId }, auth, body: { name: "x", permissions: {} } });
    expect(createRole.status).toBe(403);

    const remove = await call(route("[tenant]/groups/[id]/members/[userId]"), "DELETE", { params: { tenant: tenantId, id: groupId, userId: member.id }, auth: admin });
    expect(remove.status).toBe(204);
    expect((await search()).status).toBe(403);
  });

  test("rename, delete (its bindings go with it), members must have tenant access", async () => {
    const created = await call(route("[tenant]/groups"), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: "Temp" } });
    const groupId = (created.json as { id: string }).id;
    const renamed = await call(route("[tenant]/groups/[id]"), "PUT", { params: { tenant: tenantId, id: groupId }, auth: admin, body: { name: "Temporary" } });
    expect(renamed.json).toMatchObject({ name: "Temporary" });
    const outsider = await seedUser();
    const add = await call(route("[tenant]/groups/[id]/members/[userId]"), "PUT", { params: { tenant: tenantId, id: groupId, userId: outsider.id }, auth: admin });
    expect(add.status).toBe(404);
    await call(route("[tenant]/bindings"), "POST", { params: { tenant: tenantId }, auth: admin, body: { type: "GROUP", externalId: groupId, roleId: "viewer" } });
    const del = await call(route("[tenant]/groups/[id]"), "DELETE", { params: { tenant: tenantId, id: groupId }, auth: admin });
    expect(del.status).toBe(204);
    const left = await call(route("[tenant]/bindings"), "GET", { params: { tenant: tenantId }, auth: admin, query: `externalId=${groupId}` });
    expect(left.json).toMatchObject({ total: 0 });
    const missing = await call(route("[tenant]/bindings"), "POST", { params: { tenant: tenantId }, auth: admin, body: { type: "GROUP", externalId: groupId, roleId: "viewer" } });
    expect(missing.status).toBe(422);
  });
});

describe("service accounts", () => {
  test("its token acts with its bindings in its tenant only; elsewhere 404 like a stranger; revoked or expired: 401", async () => {
    const created = await call(route("[tenant]/service-accounts"), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: "ci-bot", description: "deploys" } });
    expect(created.status, created.text).toBe(201);
    const saId = (created.json as { id: string }).id;
    await call(route("[tenant]/bindings"), "POST", { params: { tenant: tenantId }, auth: admin, body: { type: "SERVICE_ACCOUNT", externalId: saId, roleId: "viewer", namespaceId: "team.b" } });
    const issued = await call(route("[tenant]/service-accounts/[id]/api-tokens"), "POST", { params: { tenant: tenantId, id: saId }, auth: admin, body: { name: "ci", maxAge: "P30D" } });
    expect(issued.status, issued.text).toBe(201);
    const { fullToken, id: tokenId } = issued.json as { fullToken: string; id: string };
    expect(fullToken).toMatch(new RegExp(`^sy_sa\\.${tenantId}\\.`));
    const bearer = `Bearer ${fullToken}`;

    const seen = await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: bearer });
    expect(seen.status, seen.text).toBe(200);
    expect((seen.json as { results: { id: string }[] }).results.map((f) => f.id)).toEqual(["flow-b"]);
    const write = await call(route("[tenant]/flows"), "POST", { params: { tenant: tenantId }, auth: bearer, body: flowYaml("team.b", "nope") });
    expect(write.status).toBe(403);
    for (const tenant of [otherTenantId, "no-such-tenant"]) {
      const elsewhere = await call(route("[tenant]/flows/search"), "GET", { params: { tenant }, auth: bearer });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.json).toEqual({ message: "Tenant not found", details: [] });
    }
    // Not a user: no instance routes.
    expect((await call(route("me"), "GET", { params: {}, auth: bearer })).status).toBe(401);

    const listed = await call(route("[tenant]/service-accounts/[id]/api-tokens"), "GET", { params: { tenant: tenantId, id: saId }, auth: admin });
    expect(listed.text).not.toContain(fullToken);
    expect(listed.json).toMatchObject({ total: 1, results: [{ id: tokenId, name: "ci", expired: false }] });
    expect((listed.json as { results: { lastUsed: string | null }[] }).results[0].lastUsed).not.toBeNull();

    // The other tenant's admin cannot see or touch it, even by id.
    const foreign = await call(route("[tenant]/service-accounts/[id]"), "GET", { params: { tenant: otherTenantId, id: saId }, auth: otherAdmin });
    expect(foreign.status).toBe(404);

    const revoke = await call(route("[tenant]/service-accounts/[id]/api-tokens/[tokenId]"), "DELETE", { params: { tenant: tenantId, id: saId, tokenId }, auth: admin });
    expect(revoke.status).toBe(204);
    expect((await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: bearer })).status).toBe(401);
  });

  test("an expired token is refused; deleting the account stops its tokens", async () => {
    const created = await call(route("[tenant]/service-accounts"), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: "short-lived" } });
    const saId = (created.json as { id: string }).id;
    await createBindingFor(saId);
    const token = (await call(route("[tenant]/service-accounts/[id]/api-tokens"), "POST", { params: { tenant: tenantId, id: saId }, auth: admin, body: { name: "t", maxAge: "PT1S" } })).json as {
      fullToken: string;
    };
    const live = (await call(route("[tenant]/service-accounts/[id]/api-tokens"), "POST", { params: { tenant: tenantId, id: saId }, auth: admin, body: { name: "t2" } })).json as { fullToken: string };
    expect((await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: `Bearer ${live.fullToken}` })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: `Bearer ${token.fullToken}` })).status).toBe(401);
    const del = await call(route("[tenant]/service-accounts/[id]"), "DELETE", { params: { tenant: tenantId, id: saId }, auth: admin });
    expect(del.status).toBe(204);
    expect((await call(route("[tenant]/flows/search"), "GET", { params: { tenant: tenantId }, auth: `Bearer ${live.fullToken}` })).status).toBe(401);
  });

  test("tenant work (switchyard_app) cannot read token hashes", async () => {
    const { db } = await getDb();
    const [grant] = await rows<{ ok: boolean }>(db, sql`select has_column_privilege('switchyard_app', 'service_account_tokens', 'token_hash', 'SELECT') as ok`);
    expect(grant.ok).toBe(false);
    const [auth] = await rows<{ ok: boolean }>(db, sql`select has_column_privilege('switchyard_auth', 'service_account_tokens', 'token_hash', 'SELECT') as ok`);
    expect(auth.ok).toBe(true);
  });
});

async function createBindingFor(saId: string) {
  await withTenant({ tenantId }, (tx) => createBinding(tx, { tenantId, type: "SERVICE_ACCOUNT", externalId: saId, roleId: "viewer" }));
}

test("withUser sees one's own invitations only, never another's", async () => {
  const someone = await seedUser();
  const rowsSeen = await withUser(someone.id, (tx) => myPendingInvitations(tx));
  expect(rowsSeen).toEqual([]);
});
