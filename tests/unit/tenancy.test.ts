import { expect, test } from "vitest";
import { isTenantId, tenantlessApiPath } from "@/lib/tenancy";

test("tenant-less API paths map to the default tenant, others are left alone", () => {
  expect(tenantlessApiPath("/api/v1/flows/company.team", "main")).toBe("/api/v1/main/flows/company.team");
  expect(tenantlessApiPath("/api/v1/executions/search", "main")).toBe("/api/v1/main/executions/search");
  expect(tenantlessApiPath("/api/v1/roles", "main")).toBe("/api/v1/main/roles");
  expect(tenantlessApiPath("/api/v1/main/flows/x", "main")).toBeNull();
  expect(tenantlessApiPath("/api/v1/tenants", "main")).toBeNull();
  expect(tenantlessApiPath("/api/v1/users/abc", "main")).toBeNull();
  expect(tenantlessApiPath("/api/health", "main")).toBeNull();
});

test("tenant ids", () => {
  for (const ok of ["main", "prod", "team-a", "c0_1"]) expect(isTenantId(ok)).toBe(true);
  for (const bad of ["Prod", "-x", "", "a".repeat(65), "flows", "tenants", "a/b", "é"]) expect(isTenantId(bad)).toBe(false);
});
