import { describe, expect, it } from "vitest";
import { routePattern } from "@/lib/observability/metrics";

describe("routePattern", () => {
  it("turns tenant and ids into their parameter names, so they never become metric labels", () => {
    expect(routePattern("/api/v1/acme/flows/company.team/etl", { tenant: "acme", namespace: "company.team", id: "etl" })).toBe(
      "/api/v1/[tenant]/flows/[namespace]/[id]",
    );
    expect(routePattern("/api/v1/acme/executions/search", { tenant: "acme" })).toBe("/api/v1/[tenant]/executions/search");
    expect(routePattern("/api/v1/acme/namespaces/a%20b/kv/k", { tenant: "acme", namespace: "a b", key: "k" })).toBe(
      "/api/v1/[tenant]/namespaces/[namespace]/kv/[key]",
    );
  });
});
