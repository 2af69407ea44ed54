import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { withInstance, withTenant, withTenantPipeline, withUser } from "@/db/tenant";
import { auditLogs, bindings, roles, tenantAccess } from "@/db/schema";
import { seedTenant, seedUser, uniqueTenantId } from "../helpers/seed";
import { dbError, rows } from "../helpers/sql";

let a: string;
let b: string;

beforeAll(async () => {
  a = (await seedTenant(uniqueTenantId("rls-a"))).id;
  b = (await seedTenant(uniqueTenantId("rls-b"))).id;
});

describe("row-level security", () => {
  test("a query without a where clause sees only its tenant's rows", async () => {
    const seen = await withTenant({ tenantId: a }, (tx) => tx.select().from(roles));
    expect(seen.length).toBe(4);
    expect(new Set(seen.map((r) => r.tenantId))).toEqual(new Set([a]));
  });

  test("a where clause naming another tenant finds nothing", async () => {
    const seen = await withTenant({ tenantId: a }, (tx) => tx.select().from(roles).where(sql`${roles.tenantId} = ${b}`));
    expect(seen).toEqual([]);
  });

  test("no tenant set: every tenant table reads as empty", async () => {
    const counts = await withInstance(async (tx) => ({
      roles: (await tx.select().from(roles)).length,
      bindings: (await tx.select().from(bindings)).length,
      access: (await tx.select().from(tenantAccess)).length,
      audit: (await tx.select().from(auditLogs)).length,
    }));
    expect(counts).toEqual({ roles: 0, bindings: 0, access: 0, audit: 0 });
  });

  test("inserting a row for another tenant is refused by WITH CHECK", async () => {
    await expect(
      withTenant({ tenantId: a }, (tx) => tx.insert(roles).values({ tenantId: b, id: "sneaky", name: "Sneaky", permissions: {} })),
    ).rejects.toSatisfy(dbError(/row-level security/i));
    const inB = await withTenant({ tenantId: b }, (tx) => tx.select().from(roles).where(sql`${roles.id} = 'sneaky'`));
    expect(inB).toEqual([]);
  });

  test("updates and deletes without a where clause touch only the own tenant", async () => {
    // The point of this test is the missing where clause.
    // eslint-disable-next-line drizzle/enforce-update-with-where
    await withTenant({ tenantId: a }, (tx) => tx.update(roles).set({ description: "touched" }));
    // eslint-disable-next-line drizzle/enforce-delete-with-where
    await withTenant({ tenantId: a }, (tx) => tx.delete(auditLogs));
    const bRoles = await withTenant({ tenantId: b }, (tx) => tx.select().from(roles));
    expect(bRoles.length).toBe(4);
    expect(bRoles.every((r) => r.description !== "touched")).toBe(true);
  });

  test("an update cannot move a row into another tenant", async () => {
    await expect(
      withTenant({ tenantId: a }, (tx) => tx.update(roles).set({ tenantId: b }).where(sql`${roles.id} = 'viewer'`)),
    ).rejects.toSatisfy(dbError(/row-level security/i));
  });

  test("raw SQL is confined too", async () => {
    const seen = await withTenant({ tenantId: a }, (tx) => rows<{ tenant_id: string }>(tx, sql`select tenant_id from roles`));
    expect(seen.every((r) => r.tenant_id === a)).toBe(true);
    expect(seen.length).toBe(4);
  });

  test("the settings are local to the transaction", async () => {
    await withTenant({ tenantId: a }, async () => undefined);
    const after = await withInstance((tx) =>
      rows<{ t: string | null; u: string }>(tx, sql`select current_setting('app.tenant_id', true) as t, current_user as u`),
    );
    expect(after[0].t ?? "").toBe("");
    // Instance doors run as the auth path's role; tenant work as switchyard_app (db-roles.test.ts).
    expect(after[0].u).toBe("switchyard_auth");
    const tenantRole = await withTenant({ tenantId: a }, (tx) => rows<{ u: string }>(tx, sql`select current_user as u`));
    expect(tenantRole[0].u).toBe("switchyard_app");
  });

  test("a user sees their own memberships across tenants, and nobody else's", async () => {
    const user = await seedUser({ access: [a, b] });
    const other = await seedUser({ access: [a] });
    const mine = await withUser(user.id, (tx) => tx.select().from(tenantAccess));
    expect(mine.map((r) => r.tenantId).sort()).toEqual([a, b].sort());
    expect(mine.every((r) => r.userId === user.id)).toBe(true);
    expect(mine.some((r) => r.userId === other.id)).toBe(false);
    // Read-only: a user context cannot grant itself access.
    await expect(withUser(user.id, (tx) => tx.insert(tenantAccess).values({ tenantId: a, userId: other.id }))).rejects.toThrow();
  });

  test("a foreign key cannot point at another tenant's role", async () => {
    const user = await seedUser({ access: [a] });
    const [customB] = await withTenant({ tenantId: b }, (tx) =>
      tx.insert(roles).values({ tenantId: b, id: "only-in-b", name: "Only in B", permissions: {} }).returning(),
    );
    expect(customB.id).toBe("only-in-b");
    await expect(
      withTenant({ tenantId: a }, (tx) =>
        tx.insert(bindings).values({ tenantId: a, id: "x1", type: "USER", externalId: user.id, roleId: "only-in-b" }),
      ),
    ).rejects.toSatisfy(dbError(/foreign key/i));
  });
});

describe("pipelined transactions (withTenantPipeline)", () => {
  test("run as the application role with the tenant set, and see only that tenant's rows", async () => {
    const [who, seen] = await withTenantPipeline({ tenantId: a }, [
      sql`select current_user as u, current_setting('app.tenant_id', true) as t`,
      sql`select tenant_id from roles`,
    ]);
    expect(who[0]).toEqual({ u: "switchyard_app", t: a });
    expect(seen.length).toBe(4);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([a]));
  });

  test("a statement writing another tenant's row fails, and the statements before it roll back", async () => {
    await expect(
      withTenantPipeline({ tenantId: a }, [
        sql`insert into roles (tenant_id, id, name, permissions) values (${a}, 'pipelined-ok', 'Ok', '{}'::jsonb)`,
        sql`insert into roles (tenant_id, id, name, permissions) values (${b}, 'pipelined-sneaky', 'Sneaky', '{}'::jsonb)`,
        sql`insert into roles (tenant_id, id, name, permissions) values (${a}, 'pipelined-after', 'After', '{}'::jsonb)`,
      ]),
    ).rejects.toSatisfy(dbError(/row-level security/i));
    const inA = await withTenant({ tenantId: a }, (tx) => tx.select().from(roles).where(sql`${roles.id} like 'pipelined-%'`));
    const inB = await withTenant({ tenantId: b }, (tx) => tx.select().from(roles).where(sql`${roles.id} like 'pipelined-%'`));
    expect([...inA, ...inB]).toEqual([]);
  });

  test("the connection is clean afterwards: the next transaction has no tenant left over", async () => {
    for (let i = 0; i < 5; i++) await withTenantPipeline({ tenantId: a }, [sql`select 1`]);
    const counts = await withInstance(async (tx) => (await tx.select().from(roles)).length);
    expect(counts).toBe(0);
  });
});
