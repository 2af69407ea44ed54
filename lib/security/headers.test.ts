import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, isForeignActionOrigin, securityHeaders } from "./headers";

describe("server action Origin check", () => {
  const action = (headers: Record<string, string>) => new Headers({ "next-action": "abc123", ...headers });

  test("an action posted from another site is foreign", () => {
    expect(isForeignActionOrigin(action({ host: "switchyard.example", origin: "https://evil.example" }))).toBe(true);
    expect(isForeignActionOrigin(action({ host: "switchyard.example", origin: "null" }))).toBe(true);
    expect(isForeignActionOrigin(action({ host: "switchyard.example:3000", origin: "http://switchyard.example:4000" }))).toBe(true);
  });

  test("the app's own origin, directly or behind a proxy, is not", () => {
    expect(isForeignActionOrigin(action({ host: "localhost:3000", origin: "http://localhost:3000" }))).toBe(false);
    expect(isForeignActionOrigin(action({ host: "10.0.0.5:3000", "x-forwarded-host": "switchyard.example", origin: "https://switchyard.example" }))).toBe(false);
  });

  test("requests that are not server actions are not judged", () => {
    expect(isForeignActionOrigin(new Headers({ host: "a.example", origin: "https://evil.example" }))).toBe(false);
  });
});

describe("security headers", () => {
  test("no framing by other sites, no inline plugins, a referrer policy", () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    const names = securityHeaders().map((h) => h.key);
    expect(names).toEqual(expect.arrayContaining(["Content-Security-Policy", "Referrer-Policy", "X-Content-Type-Options", "X-Frame-Options"]));
  });
});
