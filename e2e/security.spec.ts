import { expect, test } from "@playwright/test";
import { Api, adminAuth } from "./support";

/**
 * Issue 10 against the production server: security headers, a server action posted from
 * another site (403, not 500), forged X-Forwarded-For not believed by the sign-in limiter
 * (the socket address counts), and NUL bytes in paths and queries (4xx, not 500).
 */

test("pages carry the security headers", async ({ request }) => {
  const res = await request.get("/login");
  expect(res.status()).toBe(200);
  const headers = res.headers();
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toBeUndefined();
  const behindTls = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(behindTls.headers()["strict-transport-security"]).toContain("max-age=");
});

test("a server action posted with another site's Origin gets a 403", async ({ request }) => {
  for (const path of ["/login", "/admin/tenants"]) {
    const res = await request.post(path, {
      headers: { "next-action": "0123456789abcdef0123456789abcdef01234567", origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
      data: "[]",
    });
    expect(res.status(), path).toBe(403);
  }
});

test("forged X-Forwarded-For does not spread a stranger's failures over many addresses", async ({ request }) => {
  const user = await new Api(request).user();
  const wrong = `Basic ${Buffer.from(`${user.email}:wrong-password`).toString("base64")}`;
  for (let i = 0; i < 10; i++) {
    const res = await request.get("/api/v1/me", { headers: { Authorization: wrong, "X-Forwarded-For": `10.0.0.${i}` } });
    expect(res.status()).toBe(401);
  }
  // Every try came from this one socket: that address now waits, whatever it claims.
  const right = `Basic ${Buffer.from(`${user.email}:${user.password}`).toString("base64")}`;
  const res = await request.get("/api/v1/me", { headers: { Authorization: right, "X-Forwarded-For": "10.0.0.200" } });
  expect(res.status()).toBe(429);
});

test("bad characters in the path or query are a 4xx, never a 500", async ({ request }) => {
  const tenant = await new Api(request).tenant();
  for (const path of [`/api/v1/${tenant.id}/flows/ns/a%00b`, `/api/v1/${tenant.id}/flows/search?q=a%00b`]) {
    const res = await request.get(path, { headers: adminAuth });
    expect(res.status(), path).toBeGreaterThanOrEqual(400);
    expect(res.status(), path).toBeLessThan(500);
  }
  // Percent-encoding that is not UTF-8: refused before Next.js decodes route parameters.
  for (const path of [`/api/v1/${tenant.id}/flows/ns/%ff%fe`, `/api/v1/%ff/flows/x`, `/ui/${tenant.id}/flows/ns/%ff%fe`, "/api/%fe%ff", "/api/v1/%2e%2e/executions/%fe%ff/resume", "/api/%/0"]) {
    const res = await request.get(path, { headers: adminAuth, maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toContain("not valid percent-encoded UTF-8");
  }
});

test("an /api address no route serves is a JSON 404, also for a broken form-encoded POST", async ({ request }) => {
  const tenant = await new Api(request).tenant();
  // `..` folds the path to one no route has; Next.js would parse the body as a server action's form.
  for (const path of [`/api/v1/${tenant.id}/executions/../resume`, `/api/v1/${tenant.id}/no-such-thing`, "/api/nothing"]) {
    const res = await request.post(path, { headers: { ...adminAuth, "content-type": "multipart/form-data; boundary=x" }, data: "--x\r\nbroken" });
    expect(res.status(), path).toBe(404);
    expect((await res.json()).message, path).toMatch(/^No API operation at POST \/api\//);
  }
  const get = await request.get(`/api/v1/${tenant.id}/no-such-thing`, { headers: adminAuth });
  expect(get.status()).toBe(404);
});
