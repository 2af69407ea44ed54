import { beforeAll, describe, expect, test } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { basicAuth, seedTenant, seedUser } from "../helpers/seed";
import { call, loadRoutes, type RouteFile } from "../helpers/routes";

/** The 500s `npm run fuzz` (FUZZ_SEED=1, FUZZ_N=10000) found, each answered as a 4xx or a 200 now. */

let routes: RouteFile[];
let tenantId: string;
let admin: string;
const route = (p: string) => routes.find((r) => r.pattern === p)!;

beforeAll(async () => {
  routes = await loadRoutes((p) => p.startsWith("[tenant]/groups") || p.startsWith("[tenant]/service-accounts"));
  tenantId = (await seedTenant()).id;
  admin = basicAuth((await seedUser({ access: [tenantId], roles: { [tenantId]: "admin" } })).email);
});

describe("an empty update (no body, or {}) changes nothing instead of failing on an UPDATE with nothing to set", () => {
  for (const [collection, item] of [["[tenant]/groups", "[tenant]/groups/[id]"], ["[tenant]/service-accounts", "[tenant]/service-accounts/[id]"]] as const) {
    test(item, async () => {
      const created = await call(route(collection), "POST", { params: { tenant: tenantId }, auth: admin, body: { name: `n-${collection.length}`, description: "kept" } });
      expect(created.status, created.text).toBe(201);
      const id = (created.json as { id: string }).id;
      const empty = await call(route(item), "PUT", { params: { tenant: tenantId, id }, auth: admin, rawBody: "" });
      expect(empty.status, empty.text).toBe(200);
      expect(empty.json).toMatchObject({ id, description: "kept" });
      const braces = await call(route(item), "PUT", { params: { tenant: tenantId, id }, auth: admin, body: {} });
      expect(braces.status, braces.text).toBe(200);
      const missing = await call(route(item), "PUT", { params: { tenant: tenantId, id: "nobody" }, auth: admin, rawBody: "" });
      expect(missing.status, missing.text).toBe(404);
    });
  }
});

describe("Auth.js's routes with a path that is not valid percent-encoded UTF-8", () => {
  // proxy.ts imports next-auth, which does not load under Vitest: its config is read as text.
  test("the proxy runs on /api/auth/* too, so its percent-encoding check answers 400 before Next.js fails with a 500", () => {
    const source = fs.readFileSync(path.join(process.cwd(), "proxy.ts"), "utf8");
    const matcher = /matcher:\s*\[([^\]]*)\]/.exec(source)?.[1] ?? "";
    // "/api/:path*" covers /api/auth/* (and every other /api address).
    expect(matcher).toContain('"/api/:path*"');
    // The check comes first in the proxy, before any pass-through.
    expect(source.indexOf("undecodableSegment(req.nextUrl.pathname)")).toBeLessThan(source.indexOf('startsWith("/api/auth/")'));
    for (const p of ["/api/auth/%ff", "/api/auth/%zz", "/api/auth/%e2%82", "/api/auth/%c0%af", "/api/auth/x/%"]) {
      expect(() => p.split("/").forEach((segment) => decodeURIComponent(segment)), p).toThrow(URIError);
    }
  });
});
