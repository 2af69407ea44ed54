import { beforeAll, describe, expect, test } from "vitest";
import { basicAuth, seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { call, loadRoutes, type Method, type RouteFile } from "../helpers/routes";

/**
 * Instance endpoints (tenants, users, tokens): superadmin 2xx, other users 403 (except
 * their own /me routes), no credentials 401. Built from the route files like the tenant
 * matrix, so a new instance route needs a fixture here.
 */

type Seed = { superadmin: Awaited<ReturnType<typeof seedUser>>; plain: Awaited<ReturnType<typeof seedUser>> };
type Case = { params: Record<string, string>; body?: unknown; query?: string; auth?: string };
type Fixture = (s: Seed) => Promise<Case>;

const tokenFor = async (userEmail: string, path: "me" | string) => {
  const route = routes.find((r) => r.pattern === (path === "me" ? "me/api-tokens" : "users/[id]/api-tokens"))!;
  const res = await call(route, "POST", { params: path === "me" ? {} : { id: path }, auth: basicAuth(userEmail), body: { name: "ci" } });
  return res.json as { id: string; fullToken: string };
};

const fixtures: Record<string, Partial<Record<Method, Fixture>>> = {
  tenants: { POST: async () => ({ params: {}, body: { id: uniqueTenantId("inst"), name: "Created" } }) },
  "tenants/search": { GET: async () => ({ params: {}, query: "q=inst" }) },
  "tenants/[id]": {
    GET: async () => ({ params: { id: (await seedTenant()).id } }),
    PUT: async () => ({ params: { id: (await seedTenant()).id }, body: { name: "Renamed", color: "#112233" } }),
    DELETE: async () => ({ params: { id: (await seedTenant()).id } }),
  },
  "tenants/[id]/quotas": {
    GET: async () => ({ params: { id: (await seedTenant()).id } }),
    PUT: async () => ({ params: { id: (await seedTenant()).id }, body: { maxRunningExecutions: 5, storageBytes: 1_000_000 } }),
  },
  users: {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { email: `new-${uniqueTenantId()}@example.test`, password: "long enough pw" } }),
  },
  "users/search": { GET: async () => ({ params: {}, query: "q=example" }) },
  "users/[id]": {
    GET: async () => ({ params: { id: (await seedUser()).id } }),
    PUT: async () => ({ params: { id: (await seedUser()).id }, body: { firstName: "Ada" } }),
    DELETE: async () => ({ params: { id: (await seedUser()).id } }),
  },
  "users/[id]/api-tokens": {
    GET: async () => ({ params: { id: (await seedUser()).id } }),
    POST: async () => ({ params: { id: (await seedUser()).id }, body: { name: "deploy", maxAge: "P30D" } }),
  },
  "users/[id]/api-tokens/[tokenId]": {
    DELETE: async (s) => {
      const user = await seedUser();
      const token = await tokenFor(s.superadmin.email, user.id);
      return { params: { id: user.id, tokenId: token.id } };
    },
  },
  me: { GET: async () => ({ params: {} }) },
  "me/api-tokens": {
    GET: async () => ({ params: {} }),
    POST: async () => ({ params: {}, body: { name: "laptop" } }),
  },
  "me/invitations": { GET: async () => ({ params: {} }) },
  "me/api-tokens/[tokenId]": {
    DELETE: async (s) => ({ params: { tokenId: (await tokenFor(s.superadmin.email, "me")).id } }),
  },
};

const SELF = new Set(["me", "me/api-tokens", "me/api-tokens/[tokenId]", "me/invitations"]);
const SUCCESS: Record<Method, number[]> = { GET: [200], POST: [201], PUT: [200], PATCH: [200], DELETE: [204] };

let routes: RouteFile[];
let seed: Seed;

beforeAll(async () => {
  // The OpenAPI document is public (openapi.test.ts covers it).
  routes = await loadRoutes((p) => !p.startsWith("[tenant]") && p !== "openapi.json");
  seed = { superadmin: await seedUser({ superAdmin: true }), plain: await seedUser() };
});

test("every instance route has a fixture", () => {
  const missing = routes.flatMap((r) => r.methods.filter((m) => !fixtures[r.pattern]?.[m]).map((m) => `${m} ${r.pattern}`));
  expect(missing).toEqual([]);
});

describe("instance matrix", () => {
  test("superadmin: 2xx, and never a password hash", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(seed);
        const res = await call(route, method, { ...c, auth: basicAuth(seed.superadmin.email) });
        expect.soft(SUCCESS[method], `${method} ${route.pattern}: ${res.text}`).toContain(res.status);
        expect(res.text).not.toMatch(/scrypt\$|passwordHash|password_hash/);
      }
    }
  });

  test("a plain user: 403 on instance routes, 2xx on their own", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(seed);
        if (route.pattern === "me/api-tokens/[tokenId]") c.params.tokenId = (await tokenFor(seed.plain.email, "me")).id;
        const res = await call(route, method, { ...c, auth: basicAuth(seed.plain.email) });
        if (SELF.has(route.pattern)) expect.soft(SUCCESS[method], `${method} ${route.pattern}`).toContain(res.status);
        else expect.soft(res.status, `${method} ${route.pattern}`).toBe(403);
      }
    }
  });

  test("no credentials: 401", async () => {
    for (const route of routes) {
      for (const method of route.methods) {
        const c = await fixtures[route.pattern]![method]!(seed);
        const res = await call(route, method, c);
        expect.soft(res.status, `${method} ${route.pattern}`).toBe(401);
      }
    }
  });
});

describe("API tokens", () => {
  test("a token authenticates as its user, is stored hashed, and stops working when revoked", async () => {
    const user = await seedUser();
    const created = await tokenFor(user.email, "me");
    expect(created.fullToken).toMatch(/^sy_/);
    const me = routes.find((r) => r.pattern === "me")!;
    const ok = await call(me, "GET", { params: {}, auth: `Bearer ${created.fullToken}` });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ email: user.email });

    const list = await call(routes.find((r) => r.pattern === "me/api-tokens")!, "GET", { params: {}, auth: basicAuth(user.email) });
    expect(list.text).not.toContain(created.fullToken);
    expect(list.json).toMatchObject({ results: [{ id: created.id, prefix: created.fullToken.slice(0, 10), expired: false }] });
    expect((list.json as { results: { lastUsed: string | null }[] }).results[0].lastUsed).not.toBeNull();

    const revoke = await call(routes.find((r) => r.pattern === "me/api-tokens/[tokenId]")!, "DELETE", {
      params: { tokenId: created.id },
      auth: basicAuth(user.email),
    });
    expect(revoke.status).toBe(204);
    const after = await call(me, "GET", { params: {}, auth: `Bearer ${created.fullToken}` });
    expect(after.status).toBe(401);
  });

  test("a user cannot revoke another user's token through /me", async () => {
    const owner = await seedUser();
    const other = await seedUser();
    const token = await tokenFor(owner.email, "me");
    const res = await call(routes.find((r) => r.pattern === "me/api-tokens/[tokenId]")!, "DELETE", {
      params: { tokenId: token.id },
      auth: basicAuth(other.email),
    });
    expect(res.status).toBe(404);
  });
});

describe("tenants", () => {
  test("a duplicate id is a 409, also for a deleted tenant's id", async () => {
    const create = routes.find((r) => r.pattern === "tenants")!;
    const id = uniqueTenantId("dup");
    const auth = basicAuth(seed.superadmin.email);
    expect((await call(create, "POST", { params: {}, auth, body: { id, name: "One" } })).status).toBe(201);
    expect((await call(create, "POST", { params: {}, auth, body: { id, name: "Two" } })).status).toBe(409);
    await call(routes.find((r) => r.pattern === "tenants/[id]")!, "DELETE", { params: { id }, auth });
    const again = await call(create, "POST", { params: {}, auth, body: { id, name: "Three" } });
    expect(again.status).toBe(409);
  });

  test("a PUT that changes nothing (an empty body, or only Kestra's ignored fields) answers the tenant as it is", async () => {
    const auth = basicAuth(seed.superadmin.email);
    const tenant = await seedTenant();
    const update = routes.find((r) => r.pattern === "tenants/[id]")!;
    for (const body of [{}, { id: tenant.id }]) {
      const res = await call(update, "PUT", { params: { id: tenant.id }, auth, body });
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.json).toMatchObject({ id: tenant.id, name: tenant.name });
    }
    expect((await call(update, "PUT", { params: { id: uniqueTenantId("none") }, auth, body: {} })).status).toBe(404);
  });

  test("a new tenant comes with the four managed roles", async () => {
    const auth = basicAuth(seed.superadmin.email);
    const id = uniqueTenantId("managed");
    await call(routes.find((r) => r.pattern === "tenants")!, "POST", { params: {}, auth, body: { id, name: "Managed" } });
    const [tenantRoles] = await loadRoutes((p) => p === "[tenant]/roles");
    const res = await call(tenantRoles, "GET", { params: { tenant: id }, auth });
    const names = (res.json as { results: { name: string; managed: boolean }[] }).results.map((r) => r.name).sort();
    expect(names).toEqual(["Admin", "Editor", "Launcher", "Viewer"]);
  });
});
