import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { executionPrefix, LocalStorage, safeKey, uriToKey, StorageError } from "./storage";
import { S3Storage } from "./s3";
import { startS3Server } from "@/tests/fixtures/s3-server";
import { storageContract } from "@/tests/helpers/storage-contract";

// The PostgreSQL backend runs the same contract in tests/integration/storage-postgres.test.ts.

const root = fs.mkdtempSync(path.join(os.tmpdir(), "sy-storage-"));
const local = new LocalStorage(root);
storageContract("local disk", async () => ({ storage: local, tenants: ["dev", "prod"] }));

let s3server: Awaited<ReturnType<typeof startS3Server>>;
let s3: S3Storage;
beforeAll(async () => {
  s3server = await startS3Server({ bucket: "switchyard-test", pageSize: 2 });
  s3 = new S3Storage(
    { kind: "s3", bucket: "switchyard-test", prefix: "inst/one", endpoint: s3server.endpoint, region: "eu-west-1", forcePathStyle: true },
    { credentials: { accessKeyId: "test", secretAccessKey: "test-secret" } },
  );
});
afterAll(async () => {
  await s3server?.close();
});
storageContract("S3 (in-process S3 server, pages of 2)", async () => ({ storage: s3, tenants: ["dev", "prod"] }));

describe("internal storage", () => {
  test("local: keys are tenant-first folders on disk", async () => {
    await local.put("dev", "company/team/etl/executions/abc/out.txt", "hello");
    expect(fs.existsSync(path.join(root, "dev", "company/team/etl/executions/abc/out.txt"))).toBe(true);
  });

  test("S3: objects are <prefix>/<tenant>/<key>, written over HTTP by the SDK", async () => {
    await s3.put("dev", "company/team/etl/executions/abc/out.txt", "hello");
    expect(s3server.objects.get("inst/one/dev/company/team/etl/executions/abc/out.txt")?.toString()).toBe("hello");
    expect(s3server.requests).toContain("PUT inst/one/dev/company/team/etl/executions/abc/out.txt");
    // A bucket whose objects were written by someone else: only the tenant's own are listed.
    s3server.objects.set("inst/one/prod/company/team/etl/executions/abc/theirs.txt", Buffer.from("x"));
    expect(await s3.list("dev", "company/team/etl/executions/abc")).toEqual(["company/team/etl/executions/abc/out.txt"]);
  });

  test("S3: a server error is thrown, not taken for a missing file", async () => {
    const wrong = new S3Storage(
      { kind: "s3", bucket: "no-such-bucket", prefix: "", endpoint: s3server.endpoint, region: "eu-west-1", forcePathStyle: true },
      { credentials: { accessKeyId: "test", secretAccessKey: "test-secret" }, maxAttempts: 1 },
    );
    await expect(wrong.put("dev", "a.txt", "x")).rejects.toThrow();
  });

  test("URIs", () => {
    expect(uriToKey("kestra:///company/team/etl/executions/abc/out.txt")).toBe("company/team/etl/executions/abc/out.txt");
    expect(() => uriToKey("file:///etc/passwd")).toThrow(StorageError);
    expect(() => uriToKey("kestra:///a/%2e%2e/b")).toThrow(StorageError);
    expect(executionPrefix({ namespace: "company.team", flowId: "etl", id: "abc" })).toBe("company/team/etl/executions/abc");
    expect(safeKey("/a//b/./c")).toBe("a/b/c");
  });
});
