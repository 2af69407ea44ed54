import { beforeAll, describe, expect, test } from "vitest";
import { withInstance, withTenant } from "@/db/tenant";
import { findTenants } from "@/db/queries/tenants";
import { findRoles } from "@/db/queries/access";
import { verifyCredentials, MAX_FAILURES_PER_ACCOUNT } from "@/lib/auth/credentials";
import { basicAuth, seedTenant, seedUser, TEST_PASSWORD } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

let routes: RouteFile[];
let admin: Awaited<ReturnType<typeof seedUser>>;
let tenantId: string;
const route = (p: string) => routes.find((r) => r.pattern === p)!;

beforeAll(async () => {
  routes = await loadRoutes(() => true);
  admin = await seedUser({ superAdmin: true });
  tenantId = (await seedTenant()).id;
});

type Detail = { path: string; message: string };
const details = (json: unknown) => (json as { details: Detail[] }).details;

describe("tenant creation", () => {
  const cases: [string, unknown, string][] = [
    ["upper-case id", { id: "Prod", name: "x" }, "id"],
    ["id with a slash", { id: "a/b", name: "x" }, "id"],
    ["overlong id", { id: "a".repeat(65), name: "x" }, "id"],
    ["empty id", { id: "", name: "x" }, "id"],
    ["reserved id", { id: "tenants", name: "x" }, "id"],
    ["id as a number", { id: 42, name: "x" }, "id"],
    ["missing name", { id: "okay-id" }, "name"],
    ["overlong name", { id: "okay-id", name: "n".repeat(101) }, "name"],
    ["bad colour", { id: "okay-id", name: "x", color: "red" }, "color"],
    ["unknown field", { id: "okay-id", name: "x", owner: "me" }, "owner"],
  ];
  for (const [label, body, field] of cases) {
    test(`${label} → 422 naming ${field}, nothing written`, async () => {
      const before = await withInstance((tx) => findTenants(tx, { page: 1, size: 1 }));
      const res = await call(route("tenants"), "POST", { params: {}, auth: basicAuth(admin.email), body });
      expect(res.status).toBe(422);
      expect(details(res.json).map((d) => d.path)).toContain(field);
      const after = await withInstance((tx) => findTenants(tx, { page: 1, size: 1 }));
      expect(after.total).toBe(before.total);
    });
  }

  test("malformed JSON → 400 with a message", async () => {
    const res = await call(route("tenants"), "POST", { params: {}, auth: basicAuth(admin.email), rawBody: '{"id": "x",' });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ message: expect.stringMatching(/Malformed JSON/) });
  });

  test("a body of another media type → 415", async () => {
    const res = await call(route("tenants"), "POST", {
      params: {},
      auth: basicAuth(admin.email),
      rawBody: "id=x&name=y",
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(415);
  });

  test("a body over 1 MiB → 413", async () => {
    const res = await call(route("tenants"), "POST", {
      params: {},
      auth: basicAuth(admin.email),
      body: { id: "big", name: "x".repeat(2 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });
});

describe("tenant resources", () => {
  test("a role with an unknown resource or action → 422 naming it, nothing written", async () => {
    const auth = basicAuth(admin.email);
    const before = await withTenant({ tenantId }, (tx) => findRoles(tx, { page: 1, size: 100 }));
    for (const permissions of [{ FLOWS: ["READ"] }, { FLOW: ["READ", "FLY"] }, { FLOW: "READ" }]) {
      const res = await call(route("[tenant]/roles"), "POST", { params: { tenant: tenantId }, auth, body: { name: "Bad", permissions } });
      expect(res.status).toBe(422);
      expect(details(res.json)[0].path).toMatch(/^permissions/);
    }
    const after = await withTenant({ tenantId }, (tx) => findRoles(tx, { page: 1, size: 100 }));
    expect(after.total).toBe(before.total);
  });

  test("a binding to a role of no such id → 422 naming roleId", async () => {
    const member = await seedUser({ access: [tenantId] });
    const res = await call(route("[tenant]/bindings"), "POST", {
      params: { tenant: tenantId },
      auth: basicAuth(admin.email),
      body: { type: "USER", externalId: member.id, roleId: "nope" },
    });
    expect(res.status).toBe(422);
    expect(details(res.json)[0].path).toBe("roleId");
  });

  test("a bad namespace or a wrong type → 422 naming the field", async () => {
    const member = await seedUser({ access: [tenantId] });
    const auth = basicAuth(admin.email);
    const bad = await call(route("[tenant]/bindings"), "POST", {
      params: { tenant: tenantId },
      auth,
      body: { type: "USER", externalId: member.id, roleId: "viewer", namespaceId: "Not A Namespace" },
    });
    expect(bad.status).toBe(422);
    expect(details(bad.json)[0].path).toBe("namespaceId");
    const wrongType = await call(route("[tenant]/bindings"), "POST", {
      params: { tenant: tenantId },
      auth,
      body: { type: "ROBOT", externalId: member.id, roleId: "viewer" },
    });
    expect(details(wrongType.json)[0].path).toBe("type");
  });

  test("bad paging → 422 naming the parameter", async () => {
    const res = await call(route("[tenant]/roles/search"), "GET", { params: { tenant: tenantId }, auth: basicAuth(admin.email), query: "page=0&size=abc" });
    expect(res.status).toBe(422);
    expect(details(res.json).map((d) => d.path).sort()).toEqual(["page", "size"]);
  });

  test("invalid or overlong tenant ids in the path → 404, never a 500", async () => {
    for (const tenant of ["UPPER", "a".repeat(300), "../etc", "tenants", "%00", "a b"]) {
      const res = await call(route("[tenant]/roles"), "GET", { params: { tenant }, auth: basicAuth(admin.email) });
      expect(res.status).toBe(404);
    }
  });

  test("managed roles cannot be deleted", async () => {
    const res = await call(route("[tenant]/roles/[id]"), "DELETE", { params: { tenant: tenantId, id: "admin" }, auth: basicAuth(admin.email) });
    expect(res.status).toBe(409);
  });
});

describe("sign-in", () => {
  test("failed sign-ins make that address wait for that account, even with the right password", async () => {
    const user = await seedUser();
    const address = `test-${user.id}`;
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect(await verifyCredentials({ email: user.email, password: "wrong", address })).toEqual({ ok: false, reason: "invalid" });
    }
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD, address })).toEqual({ ok: false, reason: "rate_limited" });
    // The account itself is not locked: its owner elsewhere signs in.
    expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD, address: "elsewhere" })).ok).toBe(true);
  });

  test("a correct sign-in works, and an unknown email is refused like a wrong password", async () => {
    const user = await seedUser();
    expect((await verifyCredentials({ email: user.email.toUpperCase(), password: TEST_PASSWORD, address: "x" })).ok).toBe(true);
    expect(await verifyCredentials({ email: "nobody@example.test", password: "whatever", address: "x" })).toEqual({ ok: false, reason: "invalid" });
  });
});
