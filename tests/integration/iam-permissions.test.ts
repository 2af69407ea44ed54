import { beforeAll, describe, expect, test } from "vitest";
import { withTenant } from "@/db/tenant";
import { createBinding } from "@/db/queries/access";
import { insertGroup, insertGroupMember, insertServiceAccount, insertServiceAccountToken } from "@/db/queries/iam";
import { newId } from "@/lib/ids";
import { allows, MANAGED_ROLES, type Action, type Resource } from "@/lib/permissions";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";

/**
 * The permission matrix for the new resources: each managed role × GROUP and
 * SERVICE_ACCOUNT × READ/CREATE/UPDATE/DELETE, over the API, held three ways: bound to a
 * user, bound to a group the user is in, bound to a service account calling with its token.
 * Each call is allowed exactly when lib/permissions.ts's managed role says so.
 */

let routes: RouteFile[];
let tenantId: string;
const route = (p: string) => routes.find((r) => r.pattern === p)!;

type Op = { resource: Resource; action: Action; method: Method; pattern: string; prepare: () => Promise<{ params: Record<string, string>; body?: unknown }> };

const freshGroup = () => withTenant({ tenantId }, (tx) => insertGroup(tx, { tenantId, name: `g-${newId(8)}` }));
const freshAccount = () => withTenant({ tenantId }, (tx) => insertServiceAccount(tx, { tenantId, name: `sa-${newId(8)}` }));
let someMember: string;

const OPS: Op[] = [
  { resource: "GROUP", action: "READ", method: "GET", pattern: "[tenant]/groups", prepare: async () => ({ params: {} }) },
  { resource: "GROUP", action: "CREATE", method: "POST", pattern: "[tenant]/groups", prepare: async () => ({ params: {}, body: { name: `new-${newId(8)}` } }) },
  { resource: "GROUP", action: "UPDATE", method: "PUT", pattern: "[tenant]/groups/[id]/members/[userId]", prepare: async () => ({ params: { id: (await freshGroup()).id, userId: someMember } }) },
  { resource: "GROUP", action: "DELETE", method: "DELETE", pattern: "[tenant]/groups/[id]", prepare: async () => ({ params: { id: (await freshGroup()).id } }) },
  { resource: "SERVICE_ACCOUNT", action: "READ", method: "GET", pattern: "[tenant]/service-accounts", prepare: async () => ({ params: {} }) },
  { resource: "SERVICE_ACCOUNT", action: "CREATE", method: "POST", pattern: "[tenant]/service-accounts", prepare: async () => ({ params: {}, body: { name: `new-${newId(8)}` } }) },
  { resource: "SERVICE_ACCOUNT", action: "UPDATE", method: "POST", pattern: "[tenant]/service-accounts/[id]/api-tokens", prepare: async () => ({ params: { id: (await freshAccount()).id }, body: { name: "t" } }) },
  { resource: "SERVICE_ACCOUNT", action: "DELETE", method: "DELETE", pattern: "[tenant]/service-accounts/[id]", prepare: async () => ({ params: { id: (await freshAccount()).id } }) },
];

type Principal = { kind: "user" | "group member" | "service-account token"; role: string; auth: string };
const principals: Principal[] = [];

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]"));
  tenantId = (await seedTenant(uniqueTenantId("perm"))).id;
  someMember = (await seedUser({ access: [tenantId] })).id;
  for (const role of MANAGED_ROLES.map((r) => r.id)) {
    const direct = await seedUser({ access: [tenantId], roles: { [tenantId]: role } });
    principals.push({ kind: "user", role, auth: basicAuth(direct.email) });

    const member = await seedUser({ access: [tenantId] });
    const group = await freshGroup();
    await withTenant({ tenantId }, async (tx) => {
      await insertGroupMember(tx, { tenantId, groupId: group.id, userId: member.id });
      await createBinding(tx, { tenantId, type: "GROUP", externalId: group.id, roleId: role });
    });
    principals.push({ kind: "group member", role, auth: basicAuth(member.email) });

    const account = await freshAccount();
    const token = await withTenant({ tenantId }, async (tx) => {
      await createBinding(tx, { tenantId, type: "SERVICE_ACCOUNT", externalId: account.id, roleId: role });
      return insertServiceAccountToken(tx, { tenantId, serviceAccountId: account.id, name: "matrix" });
    });
    principals.push({ kind: "service-account token", role, auth: `Bearer ${token.fullToken}` });
  }
});

describe("managed roles × GROUP / SERVICE_ACCOUNT", () => {
  for (const kind of ["user", "group member", "service-account token"] as const) {
    test(`held as a ${kind}`, async () => {
      const mismatches: string[] = [];
      let allowed = 0;
      for (const p of principals.filter((x) => x.kind === kind)) {
        const grants = [{ permissions: MANAGED_ROLES.find((r) => r.id === p.role)!.permissions, namespace: null }];
        for (const op of OPS) {
          const expected = allows(grants, op.resource, op.action);
          const c = await op.prepare();
          const res = await call(route(op.pattern), op.method, { params: { tenant: tenantId, ...c.params }, body: c.body, auth: p.auth });
          const ok = res.status < 300;
          if (ok) allowed++;
          if (ok !== expected || (!ok && res.status !== 403)) mismatches.push(`${p.role} ${op.resource}:${op.action} → ${res.status} ${res.text.slice(0, 120)}`);
        }
      }
      expect(mismatches).toEqual([]);
      // Admin: 8, Editor: the 2 READs.
      expect(allowed).toBe(10);
    });
  }
});
