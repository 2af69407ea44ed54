import { describe, expect, test } from "vitest";
import { StorageError, type Storage } from "@/engine/storage/storage";
import { newId } from "@/lib/ids";

/**
 * The behaviour every internal-storage backend shares (local disk, PostgreSQL, S3): run by
 * each backend's test with a function that gives the backend and two tenants it may use.
 */
export function storageContract(name: string, setup: () => Promise<{ storage: Storage; tenants: [string, string] }>) {
  describe(`storage contract: ${name}`, () => {
    const ctx = () => setup();
    const root = () => `company/team/etl/executions/${newId(8).toLowerCase()}`;

    test("put, get, size, overwrite, delete", async () => {
      const { storage, tenants: [a] } = await ctx();
      const key = `${root()}/out.txt`;
      expect(await storage.get(a, key)).toBeNull();
      expect(await storage.size(a, key)).toBeNull();
      await storage.put(a, key, "hello");
      expect((await storage.get(a, key))?.toString()).toBe("hello");
      expect(await storage.size(a, key)).toBe(5);
      await storage.put(a, key, Buffer.from("hello, world"));
      expect((await storage.get(a, key))?.toString()).toBe("hello, world");
      expect(await storage.size(a, key)).toBe(12);
      expect(await storage.delete(a, key)).toBe(true);
      expect(await storage.delete(a, key)).toBe(false);
      expect(await storage.get(a, key)).toBeNull();
    });

    test("binary and empty content come back byte for byte", async () => {
      const { storage, tenants: [a] } = await ctx();
      const base = root();
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      await storage.put(a, `${base}/all.bin`, bytes);
      await storage.put(a, `${base}/empty.txt`, "");
      expect((await storage.get(a, `${base}/all.bin`))?.equals(bytes)).toBe(true);
      expect((await storage.get(a, `${base}/empty.txt`))?.length).toBe(0);
      expect(await storage.size(a, `${base}/empty.txt`)).toBe(0);
    });

    test("another tenant sees nothing of a tenant's files", async () => {
      const { storage, tenants: [a, b] } = await ctx();
      const base = root();
      await storage.put(a, `${base}/secret.txt`, "a's");
      expect(await storage.get(b, `${base}/secret.txt`)).toBeNull();
      expect(await storage.size(b, `${base}/secret.txt`)).toBeNull();
      expect(await storage.list(b, base)).toEqual([]);
      expect(await storage.delete(b, `${base}/secret.txt`)).toBe(false);
      await storage.deletePrefix(b, base);
      expect((await storage.get(a, `${base}/secret.txt`))?.toString()).toBe("a's");
    });

    test("list: the files under a prefix, sorted, nothing beside it", async () => {
      const { storage, tenants: [a] } = await ctx();
      const base = root();
      for (const k of ["b/2.txt", "a.txt", "b/1 with space.txt", "b/c/deep_file.ion"]) await storage.put(a, `${base}/x/${k}`, k);
      await storage.put(a, `${base}/xy/other.txt`, "beside");
      await storage.put(a, `${base}/x.txt`, "beside");
      expect(await storage.list(a, `${base}/x`)).toEqual([`${base}/x/a.txt`, `${base}/x/b/1 with space.txt`, `${base}/x/b/2.txt`, `${base}/x/b/c/deep_file.ion`]);
      expect(await storage.list(a, `${base}/x/b/c`)).toEqual([`${base}/x/b/c/deep_file.ion`]);
      expect(await storage.list(a, `${base}/nothing`)).toEqual([]);
    });

    test("deletePrefix removes the folder and nothing beside it", async () => {
      const { storage, tenants: [a] } = await ctx();
      const base = root();
      await storage.put(a, `${base}/x/1.txt`, "1");
      await storage.put(a, `${base}/x/d/2.txt`, "2");
      await storage.put(a, `${base}/xy/3.txt`, "3");
      await storage.deletePrefix(a, `${base}/x`);
      expect(await storage.list(a, `${base}/x`)).toEqual([]);
      expect((await storage.get(a, `${base}/xy/3.txt`))?.toString()).toBe("3");
      await storage.deletePrefix(a, `${base}/never-there`);
    });

    test("usage: the bytes of all the tenant's files, another tenant's not counted", async () => {
      const { storage, tenants: [a, b] } = await ctx();
      const base = root();
      const before = [await storage.usage(a), await storage.usage(b)];
      await storage.put(a, `${base}/x/1.txt`, "12345");
      await storage.put(a, `${base}/x/d/2.bin`, Buffer.alloc(300));
      await storage.put(a, `${base}/x/1.txt`, "123"); // overwritten: counted once, at its new size
      expect(await storage.usage(a)).toBe(before[0] + 303);
      expect(await storage.usage(b)).toBe(before[1]);
      await storage.deletePrefix(a, `${base}/x`);
      expect(await storage.usage(a)).toBe(before[0]);
    });

    test.each(["../prod/x", "a/../../b", "/etc/passwd/..", "a/\u0000b", "..", "a/..%2f"])("refuses the key %j", async (key) => {
      const { storage, tenants: [a] } = await ctx();
      await expect(storage.put(a, key, "x")).rejects.toBeInstanceOf(StorageError);
      await expect(storage.get(a, key)).rejects.toBeInstanceOf(StorageError);
    });

    test.each(["../dev", "Dev", "", "a/b"])("refuses the tenant %j", async (tenant) => {
      const { storage } = await ctx();
      await expect(storage.get(tenant, "a.txt")).rejects.toBeInstanceOf(StorageError);
      await expect(storage.put(tenant, "a.txt", "x")).rejects.toBeInstanceOf(StorageError);
    });
  });
}
