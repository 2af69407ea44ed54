import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { withInstance, withTenant } from "@/db/tenant";
import { storageObjects } from "@/db/schema";
import { PgStorage } from "@/engine/storage/postgres";
import { getStorage } from "@/engine/storage/storage";
import { getStorageUsage } from "@/db/queries/quotas";
import { storeNamespaceFile } from "@/lib/namespace-files/store";
import { storageKeyOf } from "@/lib/namespace-files/paths";
import { seedTenant, uniqueTenantId } from "../helpers/seed";
import { dbError } from "../helpers/sql";
import { storageContract } from "../helpers/storage-contract";

/** Internal storage in PostgreSQL (STORAGE_URL=postgres): the shared contract, and RLS. */
// This file's process uses PostgreSQL storage (getStorage reads it at first use).
process.env.STORAGE_URL = "postgres";
let a: string;
let b: string;
const storage = new PgStorage();

beforeAll(async () => {
  a = (await seedTenant(uniqueTenantId("sto-a"))).id;
  b = (await seedTenant(uniqueTenantId("sto-b"))).id;
});

storageContract("PostgreSQL", async () => ({ storage, tenants: [a, b] }));

describe("storage_objects under row-level security", () => {
  test("a tenant's transaction sees only its own files, even without a where clause", async () => {
    await storage.put(a, "rls/a-only.txt", "for a");
    await storage.put(b, "rls/b-only.txt", "for b");
    const seenByB = await withTenant({ tenantId: b }, (tx) => tx.select({ tenantId: storageObjects.tenantId, key: storageObjects.key }).from(storageObjects));
    expect(seenByB.length).toBeGreaterThan(0);
    expect(new Set(seenByB.map((r) => r.tenantId))).toEqual(new Set([b]));
    const named = await withTenant({ tenantId: b }, (tx) => tx.select().from(storageObjects).where(sql`${storageObjects.tenantId} = ${a}`));
    expect(named).toEqual([]);
    expect(await withInstance((tx) => tx.select().from(storageObjects))).toEqual([]);
  });

  test("writing a file into another tenant is refused by WITH CHECK", async () => {
    await expect(
      withTenant({ tenantId: b }, (tx) => tx.insert(storageObjects).values({ tenantId: a, key: "rls/sneaky.txt", content: Buffer.from("x"), size: 1 })),
    ).rejects.toSatisfy(dbError(/row-level security/i));
    expect(await storage.get(a, "rls/sneaky.txt")).toBeNull();
  });

  test("the retention job's delete joins the tenant's transaction: files, counter and rows commit or roll back together", async () => {
    const counted = getStorage();
    await counted.put(a, "purge/ex1/out.txt", "0123456789");
    const usage = () => withTenant({ tenantId: a }, (tx) => getStorageUsage(tx, { tenantId: a }));
    const start = await usage();
    await expect(
      withTenant({ tenantId: a }, async (tx) => {
        expect(await counted.deletePrefixesInTransaction(tx, a, ["purge/ex1"])).toBe(10);
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    // Rolled back: the file and its bytes are still there.
    expect((await storage.get(a, "purge/ex1/out.txt"))?.toString()).toBe("0123456789");
    expect(await usage()).toBe(start);
    await withTenant({ tenantId: a }, (tx) => counted.deletePrefixesInTransaction(tx, a, ["purge/ex1"]));
    expect(await storage.get(a, "purge/ex1/out.txt")).toBeNull();
    expect(await usage()).toBe(start - 10);
  });

  test("a write inside the tenant's transaction joins it: no second connection, rolled back with it", async () => {
    // storeNamespaceFile writes the file and its row in the caller's transaction; on PGlite
    // (one connection) a second transaction here would wait for ever.
    await withTenant({ tenantId: a }, (tx) => storeNamespaceFile(tx, a, "company.team", "/joined.txt", Buffer.from("joined")));
    expect(getStorage().backend).toBeInstanceOf(PgStorage);
    expect((await storage.get(a, storageKeyOf("company.team", "/joined.txt")))?.toString()).toBe("joined");
    await expect(
      withTenant({ tenantId: a }, async (tx) => {
        await storeNamespaceFile(tx, a, "company.team", "/rolled-back.txt", Buffer.from("never"));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await storage.get(a, storageKeyOf("company.team", "/rolled-back.txt"))).toBeNull();
  });

  test("another tenant's transaction is not joined: the file goes to its own tenant (PostgreSQL) or a clear refusal (PGlite)", async () => {
    const write = withTenant({ tenantId: b }, async () => {
      await storage.put(a, "rls/from-b-context.txt", "a's file");
    });
    if (process.env.SWITCHYARD_TEST_DB === "postgres") {
      await write;
      expect((await storage.get(a, "rls/from-b-context.txt"))?.toString()).toBe("a's file");
    } else {
      // One connection: a second transaction would wait for the first for ever.
      await expect(write).rejects.toThrow(/another scope's transaction on the embedded database/);
      expect(await storage.get(a, "rls/from-b-context.txt")).toBeNull();
    }
    expect(await storage.get(b, "rls/from-b-context.txt")).toBeNull();
  });
});
