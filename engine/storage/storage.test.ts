import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { executionPrefix, LocalStorage, safeKey, uriToKey, StorageError } from "./storage";

describe("internal storage", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-storage-"));
  const storage = new LocalStorage(root);

  test("keys are tenant-first and confined", async () => {
    await storage.put("dev", "company/team/etl/executions/abc/out.txt", "hello");
    expect((await storage.get("dev", "company/team/etl/executions/abc/out.txt"))?.toString()).toBe("hello");
    expect(await storage.get("prod", "company/team/etl/executions/abc/out.txt")).toBeNull();
    expect(fs.existsSync(path.join(root, "dev", "company/team/etl/executions/abc/out.txt"))).toBe(true);
  });

  test.each(["../prod/x", "a/../../b", "/etc/passwd/..", "a/\u0000b", "..", "a/..%2f"])("refuses %j", async (key) => {
    await expect(storage.put("dev", key, "x")).rejects.toBeInstanceOf(StorageError);
  });

  test("bad tenants are refused", async () => {
    await expect(storage.get("../dev", "a")).rejects.toBeInstanceOf(StorageError);
  });

  test("URIs", () => {
    expect(uriToKey("kestra:///company/team/etl/executions/abc/out.txt")).toBe("company/team/etl/executions/abc/out.txt");
    expect(() => uriToKey("file:///etc/passwd")).toThrow(StorageError);
    expect(() => uriToKey("kestra:///a/%2e%2e/b")).toThrow(StorageError);
    expect(executionPrefix({ namespace: "company.team", flowId: "etl", id: "abc" })).toBe("company/team/etl/executions/abc");
    expect(safeKey("/a//b/./c")).toBe("a/b/c");
  });
});
