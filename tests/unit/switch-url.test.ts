import { describe, expect, it } from "vitest";
import { switchTenantUrl } from "@/lib/ui/switch-url";

const sw = (pathname: string, search = "", tenantId = "b") => switchTenantUrl({ pathname, search, tenantId });

describe("switchTenantUrl", () => {
  it("keeps the section of a list page", () => {
    expect(sw("/ui/a/roles")).toBe("/ui/b/roles");
    expect(sw("/ui/a/flows")).toBe("/ui/b/flows");
    expect(sw("/ui/a/access")).toBe("/ui/b/access");
  });

  it("goes from dashboard to dashboard", () => {
    expect(sw("/ui/a")).toBe("/ui/b");
    expect(sw("/ui/a/")).toBe("/ui/b");
  });

  it("keeps a list page's filters but not its page number", () => {
    expect(sw("/ui/a/audit-logs", "?page=2")).toBe("/ui/b/audit-logs");
    expect(sw("/ui/a/executions", "?state=FAILED&page=3&sort=startDate:desc")).toBe("/ui/b/executions?state=FAILED&sort=startDate%3Adesc");
    expect(sw("/ui/a/flows", "q=etl")).toBe("/ui/b/flows?q=etl");
  });

  it("falls back from a detail page to its section list", () => {
    expect(sw("/ui/a/roles/xyz")).toBe("/ui/b/roles");
    expect(sw("/ui/a/executions/ns/flow/id", "?tab=logs")).toBe("/ui/b/executions");
    expect(sw("/ui/a/flows/edit/ns/id/editor")).toBe("/ui/b/flows");
    expect(sw("/ui/a/namespaces/company.team")).toBe("/ui/b/namespaces");
  });

  it("swaps only the tenant segment, even when ids look like sections", () => {
    expect(sw("/ui/roles-tenant/roles", "", "flows-tenant")).toBe("/ui/flows-tenant/roles");
    expect(sw("/ui/a/roles", "", "a")).toBe("/ui/a/roles");
  });

  it("opens the tenant dashboard from pages outside a tenant", () => {
    expect(sw("/admin/tenants")).toBe("/ui/b");
    expect(sw("/account/tokens", "?x=1")).toBe("/ui/b");
    expect(sw("/ui")).toBe("/ui/b");
    expect(sw("/")).toBe("/ui/b");
  });
});
