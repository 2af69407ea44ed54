import { afterEach, expect, test } from "vitest";
import { seedTenant, seedUser, basicAuth } from "../helpers/seed";
import { call, loadRoutes } from "../helpers/routes";
import { withInstance } from "@/db/tenant";
import { getTenant } from "@/db/queries/tenants";

const previous = process.env.MULTI_TENANCY;
afterEach(() => {
  if (previous === undefined) delete process.env.MULTI_TENANCY;
  else process.env.MULTI_TENANCY = previous;
});

test("MULTI_TENANCY=false: a route without a tenant segment serves tenant main", async () => {
  if (!(await withInstance((tx) => getTenant(tx, { id: "main" })))) await seedTenant("main", "Main");
  const admin = await seedUser({ superAdmin: true });
  const [roles] = await loadRoutes((p) => p === "[tenant]/roles");

  process.env.MULTI_TENANCY = "false";
  const res = await call(roles, "GET", { params: {}, auth: basicAuth(admin.email) });
  expect(res.status).toBe(200);
  expect((res.json as { total: number }).total).toBeGreaterThanOrEqual(4);

  process.env.MULTI_TENANCY = "true";
  const multi = await call(roles, "GET", { params: {}, auth: basicAuth(admin.email) });
  expect(multi.status).toBe(404);
});

test("MULTI_TENANCY=false: a new user enters main", async () => {
  if (!(await withInstance((tx) => getTenant(tx, { id: "main" })))) await seedTenant("main", "Main");
  const admin = await seedUser({ superAdmin: true });
  const routes = await loadRoutes((p) => p === "users" || p === "[tenant]/tenant-access");
  process.env.MULTI_TENANCY = "false";
  const created = await call(routes.find((r) => r.pattern === "users")!, "POST", {
    params: {},
    auth: basicAuth(admin.email),
    body: { email: `solo-${Date.now()}@example.test`, password: "long enough pw" },
  });
  expect(created.status).toBe(201);
  const access = await call(routes.find((r) => r.pattern === "[tenant]/tenant-access")!, "GET", { params: { tenant: "main" }, auth: basicAuth(admin.email) });
  expect(access.text).toContain((created.json as { id: string }).id);
});
