import { describe, expect, test } from "vitest";
import { allows, MANAGED_ROLES, type Grant } from "@/lib/permissions";
import { parseEnv } from "@/lib/env";
import { durationSeconds } from "@/lib/api/schemas";
import { formatPath } from "@/lib/errors";
import { newId } from "@/lib/ids";

const role = (id: string) => MANAGED_ROLES.find((r) => r.id === id)!.permissions;

describe("permissions", () => {
  test("managed roles", () => {
    const viewer: Grant[] = [{ permissions: role("viewer"), namespace: null }];
    expect(allows(viewer, "FLOW", "READ")).toBe(true);
    expect(allows(viewer, "FLOW", "CREATE")).toBe(false);
    const launcher: Grant[] = [{ permissions: role("launcher"), namespace: null }];
    expect(allows(launcher, "EXECUTION", "CREATE")).toBe(true);
    expect(allows(launcher, "FLOW", "UPDATE")).toBe(false);
    const admin: Grant[] = [{ permissions: role("admin"), namespace: null }];
    expect(allows(admin, "BINDING", "DELETE")).toBe(true);
    expect(allows([], "FLOW", "READ")).toBe(false);
  });

  test("a namespace-scoped grant covers the namespace and its children only", () => {
    const grants: Grant[] = [{ permissions: role("editor"), namespace: "company.team" }];
    expect(allows(grants, "FLOW", "UPDATE", "company.team")).toBe(true);
    expect(allows(grants, "FLOW", "UPDATE", "company.team.etl")).toBe(true);
    expect(allows(grants, "FLOW", "UPDATE", "company.teamster")).toBe(false);
    expect(allows(grants, "FLOW", "UPDATE", "company")).toBe(false);
    expect(allows(grants, "FLOW", "UPDATE")).toBe(false);
  });
});

describe("environment", () => {
  test("defaults", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DATA_DIR: ".data", MULTI_TENANCY: true });
  });
  test("a wrong value names the variable", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => parseEnv({ MULTI_TENANCY: "maybe" })).toThrow(/MULTI_TENANCY/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => parseEnv({ SUPERADMIN_EMAIL: "not-an-email", SUPERADMIN_PASSWORD: "longenough" })).toThrow(/SUPERADMIN_EMAIL/);
    expect(() => parseEnv({ SUPERADMIN_EMAIL: "a@b.co" })).toThrow(/SUPERADMIN_PASSWORD/);
  });
});

describe("helpers", () => {
  test("ISO durations", () => {
    expect(durationSeconds("P30D")).toBe(30 * 86400);
    expect(durationSeconds("PT1H30M")).toBe(5400);
    expect(durationSeconds("P1Y")).toBeNull();
    expect(durationSeconds("P")).toBeNull();
  });
  test("error paths read like YAML paths", () => {
    expect(formatPath(["tasks", 2, "type"])).toBe("tasks[2].type");
  });
  test("ids are 22 base62 characters and distinct", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId()));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{22}$/);
  });
});
