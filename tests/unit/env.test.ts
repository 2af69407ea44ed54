import { describe, expect, test } from "vitest";
import { parseEnv } from "@/lib/env";

describe("settings are parsed in one place", () => {
  test("numbers: defaults, and a typo stops the start naming the variable (never NaN)", () => {
    expect(parseEnv({})).toMatchObject({ SWITCHYARD_LEASE_MS: 30_000, DATABASE_POOL_SIZE: 20 });
    expect(parseEnv({}).WORKER_CONCURRENCY).toBeUndefined();
    expect(parseEnv({ SWITCHYARD_LEASE_MS: "2000", WORKER_CONCURRENCY: "8" })).toMatchObject({ SWITCHYARD_LEASE_MS: 2000, WORKER_CONCURRENCY: 8 });
    expect(() => parseEnv({ SWITCHYARD_LEASE_MS: "30s" })).toThrow(/SWITCHYARD_LEASE_MS: must be a number of milliseconds/);
    expect(() => parseEnv({ WORKER_CONCURRENCY: "lots" })).toThrow(/WORKER_CONCURRENCY/);
    expect(() => parseEnv({ WORKER_CONCURRENCY: "0" })).toThrow(/WORKER_CONCURRENCY: must be at least 1/);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "1e3" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => parseEnv({ PORT: "3000.5" })).toThrow(/PORT/);
  });

  test("booleans accept true/false/1/0/yes/no only", () => {
    expect(parseEnv({ MULTI_TENANCY: "no", WORKER: "0" })).toMatchObject({ MULTI_TENANCY: false, WORKER: false });
    expect(() => parseEnv({ WORKER: "off" })).toThrow(/WORKER: must be true or false/);
  });

  test("STORAGE_URL: local by default, postgres, or an s3:// URL; anything else is named", () => {
    expect(parseEnv({}).STORAGE_URL).toEqual({ kind: "local" });
    for (const v of ["postgres", "postgresql", "postgres:", "postgresql:", "postgres://"]) expect(parseEnv({ STORAGE_URL: v }).STORAGE_URL).toEqual({ kind: "postgres" });
    expect(parseEnv({ STORAGE_URL: "s3://my-bucket/switchyard/prod?endpoint=http://127.0.0.1:9000&region=eu-west-3&forcePathStyle=true" }).STORAGE_URL).toEqual({
      kind: "s3",
      bucket: "my-bucket",
      prefix: "switchyard/prod",
      endpoint: "http://127.0.0.1:9000",
      region: "eu-west-3",
      forcePathStyle: true,
    });
    expect(parseEnv({ STORAGE_URL: "s3://my-bucket" }).STORAGE_URL).toMatchObject({ prefix: "", region: "us-east-1", forcePathStyle: false });
    expect(() => parseEnv({ STORAGE_URL: "ftp://x" })).toThrow(/STORAGE_URL: must be local, postgres or s3:/);
    expect(() => parseEnv({ STORAGE_URL: "s3://B/x" })).toThrow(/STORAGE_URL: must name a bucket/);
    expect(() => parseEnv({ STORAGE_URL: "s3://bucket/x?endpoint=file:///etc" })).toThrow(/STORAGE_URL: endpoint must be an http/);
    expect(() => parseEnv({ STORAGE_URL: "s3://bucket/x?forcePathStyle=yes" })).toThrow(/STORAGE_URL: forcePathStyle must be true or false/);
    expect(() => parseEnv({ STORAGE_URL: "s3://bucket/x?secret=1" })).toThrow(/STORAGE_URL: unknown parameter secret/);
  });

  test("every wrong variable is named at once", () => {
    expect(() => parseEnv({ PORT: "x", SWITCHYARD_LEASE_MS: "y" })).toThrow(/PORT[\s\S]*SWITCHYARD_LEASE_MS/);
  });
});

test("no module outside lib/env.ts reads a setting from process.env", async () => {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("git", ["grep", "-n", "-E", "process\\.env(\\.|\\[)", "--", "app", "lib", "db", "engine", "components", "proxy.ts"], {
    encoding: "utf8",
  }).split("\n").filter(Boolean);
  // Only lib/env.ts, lib/auth/secret.ts (which hands the generated secret to Auth.js) and
  // the script sandbox (which hands the system PATH to its child) may.
  const allowed = /^lib\/env\.ts:|^lib\/auth\/secret\.ts:.*process\.env\.AUTH_SECRET = |^engine\/tasks\/scripts\/sandbox\.ts:.*process\.env\.PATH\b|\.test\.ts:/;
  const offenders = out.filter((line) => !allowed.test(line));
  expect(offenders).toEqual([]);
});
